using System.Globalization;
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

    public static HistogramView? Numeric(FeatureProfile reference, FeatureColumn current, int bins)
    {
        ReadOnlySpan<double> values = current.NumericValues.Span;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        KllSketch? sketch = reference.HasExactSample ? null : reference.Sketch;
        ReadOnlySpan<double> sample = reference.SortedSample;
        if (reference.HasExactSample && sample.Length > 0)
        {
            lo = Math.Min(lo, sample[0]);
            hi = Math.Max(hi, sample[^1]);
        }
        else if (sketch is { Count: > 0 })
        {
            lo = Math.Min(lo, sketch.Min);
            hi = Math.Max(hi, sketch.Max);
        }

        if (!double.IsFinite(lo) || !double.IsFinite(hi))
        {
            return null;
        }

        if (lo == hi)
        {
            bins = 1;
        }

        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++)
        {
            // Interpolated rather than lo + (hi − lo)·t, which overflows when the range spans most of the doubles.
            double t = (double)i / bins;
            edges[i] = i == bins ? hi : (lo * (1 - t)) + (hi * t);
        }

        var currentShares = new double[bins];
        long currentTotal = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                currentShares[Bin(edges, v)]++;
                currentTotal++;
            }
        }

        Normalise(currentShares, currentTotal);
        var referenceShares = new double[bins];
        if (reference.HasExactSample)
        {
            // Bin k holds [edge k, edge k+1), the last bin also its upper edge: counts by lower bounds in the sorted sample.
            for (int k = 0; k < bins; k++)
            {
                int from = LowerBound(sample, edges[k]);
                int to = k == bins - 1 ? sample.Length : LowerBound(sample, edges[k + 1]);
                referenceShares[k] = to - from;
            }

            Normalise(referenceShares, sample.Length);
        }
        else if (sketch is { Count: > 0 })
        {
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
        var referenceCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (reference.Categories is { } categories)
        {
            foreach (KeyValuePair<string, long> entry in categories.Entries)
            {
                referenceCounts[entry.Key] = entry.Value;
            }
        }

        var currentCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string? value in current.CategoricalValues)
        {
            if (value is not null)
            {
                currentCounts[value] = currentCounts.GetValueOrDefault(value) + 1;
            }
        }

        long referenceTotal = referenceCounts.Values.Sum(), currentTotal = currentCounts.Values.Sum();
        if (referenceTotal == 0 && currentTotal == 0)
        {
            return null;
        }

        double Share(Dictionary<string, long> counts, long total, string key) => total == 0 ? 0 : (double)counts.GetValueOrDefault(key) / total;
        string[] ordered = [.. referenceCounts.Keys.Union(currentCounts.Keys)
            .OrderByDescending(k => Math.Max(Share(referenceCounts, referenceTotal, k), Share(currentCounts, currentTotal, k)))
            .ThenBy(k => k, StringComparer.Ordinal)];
        bool folded = ordered.Length > maxCategories;
        string[] shown = folded ? ordered[..(maxCategories - 1)] : ordered;
        var labels = new List<string>(shown);
        var referenceShares = shown.Select(k => Share(referenceCounts, referenceTotal, k)).ToList();
        var currentShares = shown.Select(k => Share(currentCounts, currentTotal, k)).ToList();
        if (folded)
        {
            labels.Add($"({ordered.Length - shown.Length} others)");
            referenceShares.Add(Math.Max(0, (referenceTotal == 0 ? 0 : 1) - referenceShares.Sum()));
            currentShares.Add(Math.Max(0, (currentTotal == 0 ? 0 : 1) - currentShares.Sum()));
        }

        return new HistogramView(false, [.. labels], [.. referenceShares], [.. currentShares], approximate: false);
    }

    private static int Bin(double[] edges, double value)
    {
        int index = Array.BinarySearch(edges, value);
        int bin = index >= 0 ? index : ~index - 1;
        return Math.Clamp(bin, 0, edges.Length - 2);
    }

    private static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
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

    private static void Normalise(double[] counts, long total)
    {
        if (total == 0)
        {
            return;
        }

        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] /= total;
        }
    }
}
