using System.Text.Json;
using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift;

/// <summary>
/// What a reference profile keeps about one feature, enough to test a new window without the reference data: for a
/// numeric feature the sorted sample (up to a size limit) and a KLL sketch, reference-quantile bin edges with their
/// counts, and moments; for a categorical feature the category counts. Missing values (NaN, null) are counted apart.
/// </summary>
public sealed class FeatureProfile
{
    private double[]? sortedSample;
    private double[]? sketchSample;

    private FeatureProfile(string name, FeatureKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The feature's name.</summary>
    public string Name { get; }

    /// <summary>Numeric or categorical.</summary>
    public FeatureKind Kind { get; }

    /// <summary>The number of non-missing reference values.</summary>
    public long Count { get; private set; }

    /// <summary>The number of missing reference values (NaN or null).</summary>
    public long MissingCount { get; private set; }

    /// <summary>The sorted reference sample when it was small enough to keep (numeric only); otherwise empty.</summary>
    public ReadOnlySpan<double> SortedSample => sortedSample;

    /// <summary>True when <see cref="SortedSample"/> holds every non-missing reference value.</summary>
    public bool HasExactSample => sortedSample is not null;

    /// <summary>The KLL sketch of the reference values (numeric only).</summary>
    public KllSketch? Sketch { get; private set; }

    /// <summary>Reference counts per bin over the reference-quantile edges (numeric only).</summary>
    public FixedEdgeHistogram? Histogram { get; private set; }

    /// <summary>Moments of the reference values (numeric only).</summary>
    public RunningMoments? Moments { get; private set; }

    /// <summary>Counts per category (categorical only).</summary>
    public CategoryCounts? Categories { get; private set; }

    /// <summary>
    /// KS test of a current window against this profile: one sort of the window and one merge walk against the kept
    /// sorted sample (or against the sketch's quantiles when the sample was too large to keep, an approximation).
    /// </summary>
    /// <param name="current">The current window of this feature.</param>
    /// <param name="alternative">The alternative hypothesis; default two-sided.</param>
    /// <param name="method">How to compute the p-value; default automatic.</param>
    /// <param name="nanPolicy">What to do with NaN in the window; rejected by default.</param>
    /// <exception cref="InvalidOperationException">The feature is categorical.</exception>
    /// <exception cref="ArgumentException">The window is empty or holds ±∞, or NaN under <see cref="NaNPolicy.Reject"/>.</exception>
    public KsResult TestKolmogorovSmirnov(ReadOnlySpan<double> current, KsAlternative alternative = KsAlternative.TwoSided, KsMethod method = KsMethod.Auto, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        RequireKind(FeatureKind.Numeric);
        return KolmogorovSmirnov.TwoSampleSorted(ReferenceSample(), current, alternative, method, nanPolicy);
    }

    /// <summary>PSI of a current window against this profile's reference bins: one SIMD counting pass over the window.</summary>
    /// <param name="current">The current window of this feature.</param>
    /// <param name="threshold">The PSI at or above which the result reports drift; default 0.1.</param>
    /// <param name="nanPolicy">What to do with NaN in the window; rejected by default.</param>
    /// <exception cref="InvalidOperationException">The feature is categorical.</exception>
    /// <exception cref="ArgumentException">The window is empty, or holds NaN under <see cref="NaNPolicy.Reject"/>.</exception>
    public PsiResult TestPsi(ReadOnlySpan<double> current, double threshold = PsiOptions.DefaultThreshold, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        RequireKind(FeatureKind.Numeric);
        return PopulationStabilityIndex.ComputeAgainstBins(Histogram!.Edges, Histogram.Counts, current, threshold, nanPolicy);
    }

    private void RequireKind(FeatureKind kind)
    {
        if (Kind != kind)
        {
            throw new InvalidOperationException($"Feature '{Name}' is {Kind}; this check needs a {kind} feature.");
        }
    }

    internal static FeatureProfile FitNumeric(string name, ReadOnlySpan<double> values, ProfileOptions options, ReadOnlySpan<double> sharedEdges)
    {
        var profile = new FeatureProfile(name, FeatureKind.Numeric);
        double[] sorted = values.ToArray();
        int kept = SpanStatistics.Sort(sorted, NaNPolicy.Omit);
        NonFiniteCounts nonFinite = SpanStatistics.CountNonFinite(sorted.AsSpan(0, kept));
        if (nonFinite.Infinite > 0)
        {
            throw new FeatureArgumentException(name, $"Feature '{name}': {nonFinite.Infinite} reference values are infinite.", nameof(values));
        }

        if (kept == 0)
        {
            throw new FeatureArgumentException(name, $"Feature '{name}': every reference value is missing.", nameof(values));
        }

        ReadOnlySpan<double> present = sorted.AsSpan(0, kept);
        profile.Count = kept;
        profile.MissingCount = values.Length - kept;
        profile.sortedSample = kept > options.MaxExactSampleSize ? null : kept == sorted.Length ? sorted : present.ToArray();
        profile.Sketch = new KllSketch(options.SketchK);
        profile.Sketch.Add(present);
        profile.Moments = new RunningMoments();
        profile.Moments.Add(present);
        double[] edges = sharedEdges.IsEmpty ? HistogramPair.QuantileEdges(present, options.BinCount, sorted: true) : sharedEdges.ToArray();
        profile.Histogram = new FixedEdgeHistogram(edges);
        profile.Histogram.Add(present);
        return profile;
    }

    internal static FeatureProfile FitCategorical(string name, IReadOnlyList<string?> values)
    {
        var profile = new FeatureProfile(name, FeatureKind.Categorical) { Categories = new CategoryCounts() };
        foreach (string? value in values)
        {
            if (value is null)
            {
                profile.MissingCount++;
            }
            else
            {
                profile.Categories.Add(value);
            }
        }

        profile.Count = profile.Categories.Total;
        if (profile.Count == 0)
        {
            throw new FeatureArgumentException(name, $"Feature '{name}': every reference value is missing.", nameof(values));
        }

        return profile;
    }

    /// <summary>Throws unless <paramref name="other"/> can be merged into this profile; changes nothing.</summary>
    internal void CheckMergeable(FeatureProfile other)
    {
        if (other.Name != Name || other.Kind != Kind)
        {
            throw new FeatureArgumentException(Name, $"Cannot merge feature '{other.Name}' ({other.Kind}) into '{Name}' ({Kind}).", nameof(other));
        }

        if (Kind == FeatureKind.Numeric && !Histogram!.Edges.SequenceEqual(other.Histogram!.Edges))
        {
            throw new FeatureArgumentException(Name, $"Feature '{Name}': the profiles were fitted with different bin edges; fit every host with the same edges (ReferenceProfile.Fit with sharedEdgesFrom).", nameof(other));
        }

        if (Kind == FeatureKind.Numeric && Sketch!.K != other.Sketch!.K)
        {
            throw new FeatureArgumentException(Name, $"Feature '{Name}': the sketches have different k ({Sketch.K} and {other.Sketch.K}).", nameof(other));
        }
    }

    /// <summary>Folds another host's profile of the same feature into this one.</summary>
    /// <remarks>
    /// Counts, histograms, moments and sketches merge as their summaries do (exactly, except the sketch, which stays
    /// within its bound). The exact samples merge into one sorted sample while the total stays within
    /// <paramref name="maxExactSampleSize"/>; past it only the sketch is kept.
    /// </remarks>
    /// <exception cref="ArgumentException">The profiles describe different features, kinds or bin edges.</exception>
    internal void Merge(FeatureProfile other, int maxExactSampleSize)
    {
        CheckMergeable(other);
        if (Kind == FeatureKind.Categorical)
        {
            Categories!.Merge(other.Categories!);
        }
        else
        {
            Histogram!.Merge(other.Histogram!);
            Moments!.Merge(other.Moments!);
            Sketch!.Merge(other.Sketch!);
            sketchSample = null;
            sortedSample = sortedSample is not null && other.sortedSample is not null && sortedSample.Length + other.sortedSample.Length <= maxExactSampleSize
                ? MergeSorted(sortedSample, other.sortedSample)
                : null;
        }

        Count += other.Count;
        MissingCount += other.MissingCount;
    }

    /// <summary>
    /// The reference sample a two-sample test runs against: the exact sorted sample when kept, otherwise
    /// min(count, 10 000) evenly spaced quantiles of the sketch (an approximation within the sketch's rank error).
    /// </summary>
    internal ReadOnlySpan<double> ReferenceSample()
    {
        if (sortedSample is not null)
        {
            return sortedSample;
        }

        // Built once and published whole, so concurrent checks share it without locks.
        double[]? sample = Volatile.Read(ref sketchSample);
        if (sample is null)
        {
            int m = (int)Math.Min(Count, 10_000);
            var sketch = KllSketch.FromJson(Sketch!.ToJson());
            sample = new double[m];
            for (int k = 0; k < m; k++)
            {
                sample[k] = sketch.Quantile((k + 0.5) / m);
            }

            Volatile.Write(ref sketchSample, sample);
        }

        return sample;
    }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        writer.WriteString("kind", Kind == FeatureKind.Numeric ? "numeric" : "categorical");
        writer.WriteNumber("count", Count);
        writer.WriteNumber("missing", MissingCount);
        if (Kind == FeatureKind.Categorical)
        {
            writer.WritePropertyName("categories");
            Categories!.WriteTo(writer);
        }
        else
        {
            if (sortedSample is not null)
            {
                writer.WriteStartArray("sortedSample");
                foreach (double x in sortedSample)
                {
                    JsonForm.WriteNumberValue(writer, x);
                }

                writer.WriteEndArray();
            }

            writer.WritePropertyName("sketch");
            Sketch!.WriteTo(writer);
            writer.WritePropertyName("histogram");
            Histogram!.WriteTo(writer);
            writer.WritePropertyName("moments");
            Moments!.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    internal static FeatureProfile ReadFrom(JsonElement element)
    {
        string name = element.GetProperty("name").GetString() ?? throw new FormatException("A feature has no name.");
        FeatureKind kind = element.GetProperty("kind").GetString() switch
        {
            "numeric" => FeatureKind.Numeric,
            "categorical" => FeatureKind.Categorical,
            string other => throw new FormatException($"Feature '{name}' has unknown kind '{other}'."),
            null => throw new FormatException($"Feature '{name}' has no kind."),
        };
        var profile = new FeatureProfile(name, kind)
        {
            Count = element.GetProperty("count").GetInt64(),
            MissingCount = element.GetProperty("missing").GetInt64(),
        };
        if (kind == FeatureKind.Categorical)
        {
            profile.Categories = CategoryCounts.FromJson(element.GetProperty("categories").GetRawText());
        }
        else
        {
            if (element.TryGetProperty("sortedSample", out JsonElement sample))
            {
                profile.sortedSample = [.. sample.EnumerateArray().Select(JsonForm.ReadNumber)];
            }

            profile.Sketch = KllSketch.FromJson(element.GetProperty("sketch").GetRawText());
            profile.Histogram = FixedEdgeHistogram.FromJson(element.GetProperty("histogram").GetRawText());
            profile.Moments = RunningMoments.FromJson(element.GetProperty("moments").GetRawText());
        }

        return profile;
    }

    private static double[] MergeSorted(double[] a, double[] b)
    {
        double[] merged = new double[a.Length + b.Length];
        int i = 0, j = 0, k = 0;
        while (i < a.Length && j < b.Length)
        {
            merged[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        }

        a.AsSpan(i).CopyTo(merged.AsSpan(k));
        b.AsSpan(j).CopyTo(merged.AsSpan(k + a.Length - i));
        return merged;
    }
}
