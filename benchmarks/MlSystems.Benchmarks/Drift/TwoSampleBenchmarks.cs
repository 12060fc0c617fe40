using BenchmarkDotNet.Attributes;
using MlSystems.Drift;

namespace MlSystems.Benchmarks.Drift;

/// <summary>
/// The full two-sample calls on 1e6 vs 1e6 doubles, as a user makes them (validation, sorting or binning included).
/// The peers, scipy.stats.ks_2samp and numpy's quantile + searchsorted + bincount, run in
/// benchmarks/peers/drift_peers.py on the same machine; benchmarks/compare-with-scipy.sh prints the ratios.
/// </summary>
[MemoryDiagnoser]
public class TwoSampleBenchmarks
{
    private const int Length = 1_000_000;
    private readonly RotatingInputs references = new(2, Length, RotatingInputs.Normal, seed: 1);
    private readonly RotatingInputs currents = new(2, Length, r => RotatingInputs.Normal(r) + 0.01, seed: 2);

    [Benchmark]
    public double KolmogorovSmirnov_TwoSample() => KolmogorovSmirnov.TwoSample(references.Next(), currents.Next()).PValue;

    [Benchmark]
    public double PopulationStabilityIndex_Compute() => PopulationStabilityIndex.Compute(references.Next(), currents.Next()).Value;
}
