using BenchmarkDotNet.Attributes;
using MathNet.Numerics.Statistics;
using MlSystems.Statistics;
using MlSystems.Statistics.Simd;

namespace MlSystems.Benchmarks.Statistics;

/// <summary>One-pass mean and variance of 1e6 doubles against Math.NET's ArrayStatistics.MeanVariance.</summary>
[MemoryDiagnoser]
public class MeanVarianceBenchmarks
{
    private const int Length = 1_000_000;
    private readonly RotatingInputs inputs = new(3, Length, RotatingInputs.Normal);

    // The kernel has no data-dependent branch, so one input that stays in L3 shows its speed apart from memory.
    private readonly RotatingInputs cacheResident = new(1, Length, RotatingInputs.Normal);

    /// <summary>Register width in bits (0 = scalar); the widest the machine accelerates up to this is used.</summary>
    [Params(0, 128, 256, 512)]
    public int WidthBits { get; set; }

    [Benchmark(Baseline = true, OperationsPerInvoke = Length)]
    public (double, double) MathNet_MeanVariance() => ArrayStatistics.MeanVariance(inputs.Next());

    [Benchmark(OperationsPerInvoke = Length)]
    public double MlSystems_kernel_at_width() => MomentsKernel.Run(inputs.Next(), VectorWidths.Resolve((VectorWidth)WidthBits)).M2;

    [Benchmark(OperationsPerInvoke = Length)]
    public double MlSystems_MeanVariance() => SpanStatistics.MeanVariance(inputs.Next()).SumOfSquaredDeviations;

    [Benchmark(OperationsPerInvoke = Length)]
    public double MlSystems_MeanVariance_cache_resident() => SpanStatistics.MeanVariance(cacheResident.Next()).SumOfSquaredDeviations;
}
