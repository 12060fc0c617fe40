using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using MlSystems.Statistics.Simd;

namespace MlSystems.Benchmarks.Statistics;

/// <summary>
/// The width-invariant sum, min-max and NaN count of 65,536 doubles (in L2, so the kernels, not memory, are measured)
/// against TensorPrimitives, whose sum adds in another order and whose min and max are two passes.
/// </summary>
[MemoryDiagnoser]
public class AggregationKernelBenchmarks
{
    private const int Length = 65_536;
    private readonly RotatingInputs inputs = new(4, Length, RotatingInputs.Normal);

    /// <summary>Register width in bits (0 = scalar); the widest the machine accelerates up to this is used.</summary>
    [Params(128, 256)]
    public int WidthBits { get; set; }

    [Benchmark(Baseline = true, OperationsPerInvoke = Length)]
    public double TensorPrimitives_Sum() => TensorPrimitives.Sum<double>(inputs.Next());

    [Benchmark(OperationsPerInvoke = Length)]
    public double MlSystems_LaneSums_Sum() => LaneSums.Sum(inputs.Next(), VectorWidths.Resolve((VectorWidth)WidthBits));

    [Benchmark(OperationsPerInvoke = Length)]
    public double MlSystems_LaneSums_ShiftedSums() => LaneSums.ShiftedSums(inputs.Next(), 0.25, VectorWidths.Resolve((VectorWidth)WidthBits)).Squares;

    [Benchmark(OperationsPerInvoke = Length)]
    public double TensorPrimitives_Min_then_Max()
    {
        double[] x = inputs.Next();
        return TensorPrimitives.Min<double>(x) + TensorPrimitives.Max<double>(x);
    }

    [Benchmark(OperationsPerInvoke = Length)]
    public double MlSystems_MinMax()
    {
        (double min, double max) = MinMaxKernel.Run(inputs.Next(), VectorWidths.Resolve((VectorWidth)WidthBits));
        return min + max;
    }

    [Benchmark(OperationsPerInvoke = Length)]
    public int MlSystems_NaNCount() => NaNCounter.Count(inputs.Next(), VectorWidths.Resolve((VectorWidth)WidthBits));
}
