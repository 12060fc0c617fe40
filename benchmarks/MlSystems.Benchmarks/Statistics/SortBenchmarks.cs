using BenchmarkDotNet.Attributes;
using MlSystems.Statistics;

namespace MlSystems.Benchmarks.Statistics;

/// <summary>Sorting 1e6 doubles against Array.Sort; both sort a fresh copy of a rotating input.</summary>
[MemoryDiagnoser]
public class SortBenchmarks
{
    private const int Length = 1_000_000;
    private readonly RotatingInputs inputs = new(3, Length, RotatingInputs.Normal);
    private readonly double[] work = new double[Length];

    [Benchmark(Baseline = true)]
    public double ArraySort()
    {
        inputs.Next().CopyTo(work, 0);
        Array.Sort(work);
        return work[0];
    }

    [Benchmark]
    public double MlSystems_Sort()
    {
        inputs.Next().CopyTo(work, 0);
        SpanStatistics.Sort(work);
        return work[0];
    }

    [Benchmark]
    public double Copy_only()
    {
        inputs.Next().CopyTo(work, 0);
        return work[0];
    }
}
