using BenchmarkDotNet.Attributes;
using MlSystems.Drift;

namespace MlSystems.Benchmarks.Drift;

/// <summary>A 1e6-value window checked against a prepared reference profile (1e6 reference values): KS and PSI.</summary>
[MemoryDiagnoser]
public class ProfileCheckBenchmarks
{
    private const int Length = 1_000_000;
    private readonly RotatingInputs windows = new(2, Length, r => RotatingInputs.Normal(r) + 0.01, seed: 2);
    private FeatureProfile profile = null!;

    [GlobalSetup]
    public void Setup()
    {
        var reference = new RotatingInputs(1, Length, RotatingInputs.Normal, seed: 1).Next();
        profile = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", reference)]), new ProfileOptions { MaxExactSampleSize = Length }).Find("x")!;
    }

    [Benchmark]
    public double Ks_against_profile() => profile.TestKolmogorovSmirnov(windows.Next()).PValue;

    [Benchmark(OperationsPerInvoke = Length)]
    public double Psi_against_profile() => profile.TestPsi(windows.Next()).Value;
}
