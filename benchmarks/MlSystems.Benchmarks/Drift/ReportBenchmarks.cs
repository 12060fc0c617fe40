using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MlSystems.Drift;

namespace MlSystems.Benchmarks.Drift;

/// <summary>A drift report over 100 numeric features × 100 000 rows against a fitted profile, on all cores.</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class ReportBenchmarks
{
    private const int Features = 100;
    private const int Rows = 100_000;
    private ReferenceProfile profile = null!;
    private DriftDataset current = null!;

    [GlobalSetup]
    public void Setup()
    {
        profile = ReferenceProfile.Fit(Make(seed: 1, shift: 0));
        current = Make(seed: 2, shift: 0.05);
    }

    [Benchmark]
    public int Report_100_features_by_100k_rows() => DriftReport.Compute(profile, current).DriftedFeatureCount;

    private static DriftDataset Make(int seed, double shift)
    {
        var random = new Random(seed);
        return new DriftDataset(Enumerable.Range(0, Features).Select(f =>
        {
            double[] values = new double[Rows];
            for (int i = 0; i < Rows; i++)
            {
                values[i] = RotatingInputs.Normal(random) + (f % 10 == 0 ? shift : 0);
            }

            return FeatureColumn.Numeric($"f{f:D3}", values);
        }));
    }
}
