using BenchmarkDotNet.Attributes;
using MlSystems.Statistics;

namespace MlSystems.Benchmarks.Statistics;

/// <summary>The ECDF merge walk over two sorted samples of 1e6 doubles, against a naive binary-search evaluation.</summary>
[MemoryDiagnoser]
public class EcdfBenchmarks
{
    private const int Length = 1_000_000;
    private double[][] references = [];
    private double[][] currents = [];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var reference = new RotatingInputs(3, Length, RotatingInputs.Normal, seed: 1);
        var current = new RotatingInputs(3, Length, r => RotatingInputs.Normal(r) + 0.05, seed: 2);
        references = [.. Enumerable.Range(0, 3).Select(_ => Sorted(reference.Next()))];
        currents = [.. Enumerable.Range(0, 3).Select(_ => Sorted(current.Next()))];
    }

    [Benchmark(Baseline = true)]
    public double BinarySearch_per_value()
    {
        (double[] a, double[] b) = Next();
        double max = 0;
        foreach (double x in a)
        {
            double gap = Math.Abs(UpperBound(a, x) / (double)a.Length - UpperBound(b, x) / (double)b.Length);
            max = Math.Max(max, gap);
        }

        foreach (double x in b)
        {
            double gap = Math.Abs(UpperBound(a, x) / (double)a.Length - UpperBound(b, x) / (double)b.Length);
            max = Math.Max(max, gap);
        }

        return max;
    }

    [Benchmark]
    public double MlSystems_EcdfDifference()
    {
        (double[] a, double[] b) = Next();
        return SpanStatistics.EcdfDifference(a, b).Statistic;
    }

    private (double[], double[]) Next()
    {
        int k = next;
        next = (next + 1) % references.Length;
        return (references[k], currents[(k + 1) % currents.Length]);
    }

    private static double[] Sorted(double[] values)
    {
        double[] copy = (double[])values.Clone();
        Array.Sort(copy);
        return copy;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
