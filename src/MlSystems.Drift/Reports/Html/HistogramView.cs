using System.Globalization;
using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift;

/// <summary>One feature's two distributions as shares over common bins, ready to draw.</summary>
internal sealed class HistogramView
{
    private HistogramView(bool numeric, string[] labels, double[] reference, double[] current, bool approximate)
    {
        IsNumeric = numeric;
        Labels = labels;
        Reference = reference;
        Current = current;
        Approximate = approximate;
    }

    /// <summary>True for bins over a numeric range, false for categories.</summary>
    public bool IsNumeric { get; }

    public string[] Labels { get; }

    public double[] Reference { get; }

    public double[] Current { get; }

    /// <summary>True when the reference shares come from a quantile sketch rather than the exact sample.</summary>
    public bool Approximate { get; }

    /// <summary>Equal-width bins over both samples' range; both samples are counted by the statistics kernel, so they
    /// share its bin rule (a bin holds its lower edge; the last bin also its upper one). Null when there is no finite range.</summary>
    public static HistogramView? Numeric(FeatureProfile reference, FeatureColumn current, int bins)
    {
        ReadOnlySpan<double> values = current.NumericValues.Span;
        ReadOnlySpan<double> sample = reference.SortedSample;
        KllSketch? sketch = reference.HasExactSample ? null : reference.Sketch;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        if (SpanStatistics.CountNonFinite(values).NaN < values.Length)
        {
            MinMaxResult range = SpanStatistics.MinMax(values, NaNPolicy.Omit);
            (lo, hi) = (range.Min, range.Max);
        }

        if (reference.HasExactSample && sample.Length > 0)
        {
            (lo, hi) = (Math.Min(lo, sample[0]), Math.Max(hi, sample[^1]));
        }
        else if (sketch is { Count: > 0 })
        {
            (lo, hi) = (Math.Min(lo, sketch.Min), Math.Max(hi, sketch.Max));
        }

        if (!double.IsFinite(lo) || !double.IsFinite(hi))
        {
            return null;
        }

        double[] edges = Edges(lo, hi, bins);
        bins = edges.Length - 1;
        ReadOnlySpan<double> inner = edges.AsSpan(1, bins - 1);
        double[] currentShares = Shares(inner, values, NaNPolicy.Omit);
        double[] referenceShares;
        if (sketch is null)
        {
            referenceShares = Shares(inner, sample, NaNPolicy.Reject);
        }
        else
        {
            referenceShares = new double[bins];
            double previous = 0;
            for (int k = 0; k < bins; k++)
            {
                double rank = k == bins - 1 ? 1 : sketch.Rank(edges[k + 1]);
                referenceShares[k] = Math.Max(0, rank - previous);
                previous = Math.Max(previous, rank);
            }
        }

        var labels = new string[bins];
        for (int k = 0; k < bins; k++)
        {
            labels[k] = string.Create(CultureInfo.InvariantCulture, $"[{edges[k]:G4}, {edges[k + 1]:G4}{(k == bins - 1 ? "]" : ")")}");
        }

        return new HistogramView(true, labels, referenceShares, currentShares, sketch is not null);
    }

    public static HistogramView? Categorical(FeatureProfile reference, FeatureColumn current, int maxCategories)
    {
        CategoryCounts referenceCounts = reference.Categories ?? new CategoryCounts();
        var currentCounts = new CategoryCounts();
        foreach (string? value in current.CategoricalValues)
        {
            if (value is not null)
            {
                currentCounts.Add(value);
            }
        }

        long referenceTotal = referenceCounts.Total, currentTotal = currentCounts.Total;
        if (referenceTotal == 0 && currentTotal == 0)
        {
            return null;
        }

        static double Share(CategoryCounts counts, string key) => counts.Total == 0 ? 0 : (double)counts[key] / counts.Total;
        string[] ordered = [.. referenceCounts.Entries.Select(e => e.Key).Union(currentCounts.Entries.Select(e => e.Key))
            .OrderByDescending(k => Math.Max(Share(referenceCounts, k), Share(currentCounts, k)))
            .ThenBy(k => k, StringComparer.Ordinal)];
        bool folded = ordered.Length > maxCategories;
        string[] shown = folded ? ordered[..(maxCategories - 1)] : ordered;
        var labels = new List<string>(shown);
        var referenceShares = shown.Select(k => Share(referenceCounts, k)).ToList();
        var currentShares = shown.Select(k => Share(currentCounts, k)).ToList();
        if (folded)
        {
            labels.Add($"({ordered.Length - shown.Length} others)");
            referenceShares.Add(Math.Max(0, (referenceTotal == 0 ? 0 : 1) - referenceShares.Sum()));
            currentShares.Add(Math.Max(0, (currentTotal == 0 ? 0 : 1) - currentShares.Sum()));
        }

        return new HistogramView(false, [.. labels], [.. referenceShares], [.. currentShares], approximate: false);
    }

    /// <summary>Equal-width edges from lo to hi; one bin when the range is too narrow to split into strictly increasing edges.</summary>
    private static double[] Edges(double lo, double hi, int bins)
    {
        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++)
        {
            // Interpolated rather than lo + (hi − lo)·t, which overflows when the range spans most of the doubles.
            double t = (double)i / bins;
            edges[i] = i == bins ? hi : (lo * (1 - t)) + (hi * t);
            if (i > 0 && edges[i] <= edges[i - 1])
            {
                return [lo, hi];
            }
        }

        return edges;
    }

    /// <summary>The shares of <paramref name="values"/> over the bins between <paramref name="innerEdges"/>.</summary>
    private static double[] Shares(ReadOnlySpan<double> innerEdges, ReadOnlySpan<double> values, NaNPolicy nanPolicy)
    {
        var histogram = new FixedEdgeHistogram(innerEdges);
        histogram.Add(values, nanPolicy);
        var shares = new double[innerEdges.Length + 1];
        histogram.GetShares(shares);
        return shares;
    }
}
