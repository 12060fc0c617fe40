using System.Diagnostics.Metrics;

namespace MlSystems.Drift;

/// <summary>The drift instruments, created through <see cref="IMeterFactory"/> under the meter <c>MlSystems.Drift</c>.</summary>
internal sealed class DriftTelemetry
{
    public const string MeterName = "MlSystems.Drift";

    public DriftTelemetry(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        Score = meter.CreateHistogram<double>("mlsystems.drift.score", unit: "{score}", description: "The drift statistic of each feature at each check, tagged with the feature and the test.");
        DriftedFeatures = meter.CreateCounter<long>("mlsystems.drift.features.drifted", unit: "{feature}", description: "Features found drifted, tagged with the feature and the test.");
        CheckDuration = meter.CreateHistogram<double>("mlsystems.drift.check.duration", unit: "s", description: "Duration of a drift check over all features.");
    }

    public Histogram<double> Score { get; }

    public Counter<long> DriftedFeatures { get; }

    public Histogram<double> CheckDuration { get; }
}
