using System.Runtime.CompilerServices;
using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>
/// A reference and a current sample counted into the same bins, the common ground of PSI, Jensen–Shannon and
/// Hellinger on numeric features.
/// </summary>
/// <param name="Edges">Inner edges (bin j holds edges[j−1] ≤ x &lt; edges[j]), or the distinct values when <paramref name="PerValue"/>.</param>
/// <param name="ReferenceCounts">Reference count per bin.</param>
/// <param name="CurrentCounts">Current count per bin.</param>
/// <param name="ReferenceTotal">Number of reference values.</param>
/// <param name="CurrentTotal">Number of current values.</param>
/// <param name="PerValue">True when each bin is one distinct value rather than an interval.</param>
internal sealed record HistogramPair(double[] Edges, long[] ReferenceCounts, long[] CurrentCounts, long ReferenceTotal, long CurrentTotal, bool PerValue)
{
    /// <summary>Evidently bins per distinct value while the reference has at most this many distinct values.</summary>
    public const int EvidentlyDistinctValueLimit = 20;

    /// <summary>Bins both samples; they must already be validated (finite, non-empty).</summary>
    public static HistogramPair Build(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, PsiBinning binning, int binCount, IReadOnlyList<double>? explicitEdges)
    {
        if (binning == PsiBinning.Evidently && CountDistinct(reference, EvidentlyDistinctValueLimit + 1) <= EvidentlyDistinctValueLimit)
        {
            return PerDistinctValue(reference, current);
        }

        double[] edges = binning switch
        {
            PsiBinning.ReferenceQuantiles => QuantileEdges(reference, binCount),
            PsiBinning.EqualWidth => EqualWidthEdges(reference, binCount),
            PsiBinning.ExplicitEdges => [.. explicitEdges!],
            _ => SturgesEdges(reference, current),
        };
        long[] referenceCounts = new long[edges.Length + 1];
        long[] currentCounts = new long[edges.Length + 1];
        CountBoth(reference, current, edges, referenceCounts, currentCounts);
        return new HistogramPair(edges, referenceCounts, currentCounts, reference.Length, current.Length, PerValue: false);
    }

    /// <summary>From this length on both sides, the two samples are counted on two threads at once.</summary>
    private const int ParallelCountThreshold = 1 << 17;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CountBoth(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double[] edges, long[] referenceCounts, long[] currentCounts)
    {
        if (Math.Min(reference.Length, current.Length) < ParallelCountThreshold || Environment.ProcessorCount < 2)
        {
            SpanStatistics.CountBins(reference, edges, referenceCounts);
            SpanStatistics.CountBins(current, edges, currentCounts);
            return;
        }

        // A lambda cannot capture a span: the pinned addresses carry them across.
        fixed (double* r = reference, c = current)
        {
            nint referenceAddress = (nint)r, currentAddress = (nint)c;
            int n1 = reference.Length, n2 = current.Length;
            Parallel.Invoke(
                () => SpanStatistics.CountBins(new ReadOnlySpan<double>((double*)referenceAddress, n1), edges, referenceCounts),
                () => SpanStatistics.CountBins(new ReadOnlySpan<double>((double*)currentAddress, n2), edges, currentCounts));
        }
    }

    /// <summary>The share of each bin without any floor (0 stays 0).</summary>
    public static double[] RawShares(long[] counts, long total) => [.. counts.Select(c => (double)c / total)];

    /// <summary>The distinct reference quantiles at 1/k … (k − 1)/k: the inner edges of k equal-share bins.</summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="binCount">k, at least 2.</param>
    /// <param name="sorted">True when <paramref name="reference"/> is already ascending, which saves the selection.</param>
    internal static double[] QuantileEdges(ReadOnlySpan<double> reference, int binCount, bool sorted = false)
    {
        double[] probabilities = new double[binCount - 1];
        for (int j = 1; j < binCount; j++)
        {
            probabilities[j - 1] = (double)j / binCount;
        }

        double[] edges = new double[binCount - 1];
        if (sorted)
        {
            SpanStatistics.QuantilesOfSorted(reference, probabilities, edges);
        }
        else
        {
            SpanStatistics.Quantiles(reference, probabilities, edges);
        }

        return Distinct(edges);
    }

    private static double[] EqualWidthEdges(ReadOnlySpan<double> reference, int binCount)
    {
        MinMaxResult range = SpanStatistics.MinMax(reference);
        return range.Min == range.Max ? [range.Min] : Distinct(Linspace(range.Min, range.Max, binCount)[1..^1]);
    }

    /// <summary>numpy's <c>histogram_bin_edges(concat(reference, current), bins="sturges")</c>, inner edges only.</summary>
    private static double[] SturgesEdges(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        MinMaxResult a = SpanStatistics.MinMax(reference), b = SpanStatistics.MinMax(current);
        double first = Math.Min(a.Min, b.Min), last = Math.Max(a.Max, b.Max);
        long size = reference.Length + (long)current.Length;

        // numpy derives the bin count from the Sturges width, so its rounding is reproduced step by step.
        double width = (last - first) / (Math.Log2(size) + 1.0);
        int bins = width > 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        return Distinct(Linspace(first, last, bins)[1..^1]);
    }

    /// <summary>numpy's <c>linspace(start, stop, bins + 1)</c>: i·step + start, the last point exactly <paramref name="stop"/>.</summary>
    private static double[] Linspace(double start, double stop, int bins)
    {
        double step = (stop - start) / bins;
        double[] points = new double[bins + 1];
        for (int i = 0; i < bins; i++)
        {
            points[i] = (i * step) + start;
        }

        points[bins] = stop;
        return points;
    }

    private static double[] Distinct(double[] sortedEdges)
    {
        int k = 0;
        for (int j = 0; j < sortedEdges.Length; j++)
        {
            if (k == 0 || sortedEdges[j] != sortedEdges[k - 1])
            {
                sortedEdges[k++] = sortedEdges[j];
            }
        }

        return sortedEdges[..k];
    }

    /// <summary>The number of distinct values, counting no further than <paramref name="limit"/>.</summary>
    private static int CountDistinct(ReadOnlySpan<double> values, int limit)
    {
        var seen = new HashSet<double>();
        foreach (double x in values)
        {
            if (seen.Add(x == 0 ? 0.0 : x) && seen.Count >= limit)
            {
                break;
            }
        }

        return seen.Count;
    }

    /// <summary>One bin per distinct value seen in either sample (−0 and +0 are one value).</summary>
    private static HistogramPair PerDistinctValue(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var referenceCounts = new SortedDictionary<double, long>();
        var currentCounts = new SortedDictionary<double, long>();
        foreach (double x in reference)
        {
            double key = x == 0 ? 0.0 : x;
            referenceCounts[key] = referenceCounts.GetValueOrDefault(key) + 1;
        }

        foreach (double x in current)
        {
            double key = x == 0 ? 0.0 : x;
            currentCounts[key] = currentCounts.GetValueOrDefault(key) + 1;
        }

        double[] values = [.. referenceCounts.Keys.Union(currentCounts.Keys).Order()];
        return new HistogramPair(
            values,
            [.. values.Select(v => referenceCounts.GetValueOrDefault(v))],
            [.. values.Select(v => currentCounts.GetValueOrDefault(v))],
            reference.Length,
            current.Length,
            PerValue: true);
    }
}
