using Microsoft.Extensions.Logging.Abstractions;
using MlSystems.Drift;
using MlSystems.Registry;

namespace MlSystems.Monitoring.Tests.Checks;

/// <summary>What the check parts need when they are tested without a monitor: a champion and a reporter.</summary>
internal static class CheckParts
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static LoopReporter Reporter() => new("scorer", NullLogger.Instance, telemetry: null);

    public static Champion Champion(ReferenceProfile? profile, double? baseline = 0.1, string? error = null) =>
        new(new ModelVersion("scorer", 3, "digest", 1, Start, new ModelVersionMetadata()), profile, withPrediction: false, baseline, error);

    public static DriftDataset Window(int rows, double mean, int seed)
    {
        var random = new Random(seed);
        double[] x = [.. Enumerable.Range(0, rows).Select(_ => mean + Normal(random))];
        return new DriftDataset([FeatureColumn.Numeric("x", x)]);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
