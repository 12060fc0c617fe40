using BenchmarkDotNet.Attributes;
using MlSystems.Statistics;
using MlSystems.Statistics.Simd;

namespace MlSystems.Benchmarks.Statistics;

/// <summary>Counting 1e6 doubles into 10 bins against 9 fixed edges, against Array.BinarySearch per value.</summary>
[MemoryDiagnoser]
public class BinCountBenchmarks
{
    private const int Length = 1_000_000;
    private static readonly double[] Edges = [-1.2816, -0.8416, -0.5244, -0.2533, 0, 0.2533, 0.5244, 0.8416, 1.2816];
    private readonly RotatingInputs inputs = new(3, Length, RotatingInputs.Normal);
    private readonly long[] counts = new long[Edges.Length + 1];

    /// <summary>Register width in bits (0 = scalar); the widest the machine accelerates up to this is used.</summary>
    [Params(128, 256, 512)]
    public int WidthBits { get; set; }

    [Benchmark(Baseline = true, OperationsPerInvoke = Length)]
    public long ArrayBinarySearch_per_value()
    {
        foreach (double x in inputs.Next())
        {
            int index = Array.BinarySearch(Edges, x);
            // An exact hit on edge j belongs to bin j + 1; a miss gives the complement of the insertion point.
            counts[index >= 0 ? index + 1 : ~index]++;
        }

        return counts[0];
    }

    [Benchmark(OperationsPerInvoke = Length)]
    public long MlSystems_kernel_at_width() => BinCounter.Count(inputs.Next(), Edges, counts, VectorWidths.Resolve((VectorWidth)WidthBits));

    [Benchmark(OperationsPerInvoke = Length)]
    public long MlSystems_CountBins() => SpanStatistics.CountBins(inputs.Next(), Edges, counts);
}
