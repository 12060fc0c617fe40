using System.Text.Json;
using MlSystems.Statistics.Serialization;

namespace MlSystems.Statistics.Summaries;

/// <summary>
/// Counts of values per bin against fixed edges, with integer counts and an exact merge.
/// </summary>
/// <remarks>
/// With k edges there are k + 1 bins: bin j holds edges[j−1] ≤ x &lt; edges[j], the first and last bins are open to
/// −∞ and +∞, so every value lands somewhere and nothing is lost. Bulk adds run the SIMD bin-counting kernel of
/// <see cref="SpanStatistics.CountBins(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{long}, NaNPolicy)"/>. Histograms with the same edges merge by adding counts, which is exact,
/// associative and commutative. Instances are not thread-safe; give each thread its own and merge.
/// </remarks>
public sealed class FixedEdgeHistogram
{
    private const string JsonType = "histogram";
    private const int JsonVersion = 1;

    private readonly double[] edges;
    private readonly long[] counts;

    /// <summary>Creates an empty histogram over <paramref name="edges"/>.</summary>
    /// <param name="edges">Finite bin edges in strictly increasing order; may be empty (a single bin).</param>
    /// <exception cref="ArgumentException"><paramref name="edges"/> is not strictly increasing, or holds NaN or ±∞.</exception>
    public FixedEdgeHistogram(ReadOnlySpan<double> edges)
    {
        SpanStatistics.ValidateEdges(edges, nameof(edges));
        foreach (double e in edges)
        {
            if (double.IsInfinity(e))
            {
                throw new ArgumentException("Bin edges must be finite; the outer bins already extend to ±∞.", nameof(edges));
            }
        }

        this.edges = edges.ToArray();
        counts = new long[edges.Length + 1];
    }

    /// <summary>The bin edges.</summary>
    public ReadOnlySpan<double> Edges => edges;

    /// <summary>The count per bin; <c>Edges.Length + 1</c> entries.</summary>
    public ReadOnlySpan<long> Counts => counts;

    /// <summary>The number of values counted.</summary>
    public long Total { get; private set; }

    /// <summary>The bin a value falls in: the number of edges ≤ <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN.</exception>
    public int BinOf(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN belongs to no bin.", nameof(value));
        }

        return Simd.BinCounter.UpperBound(edges, value);
    }

    /// <summary>Counts one value.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN.</exception>
    public void Add(double value)
    {
        counts[BinOf(value)]++;
        Total++;
    }

    /// <summary>Counts every value of <paramref name="values"/> in one SIMD pass.</summary>
    /// <param name="values">The values; ±∞ go to the outer bins.</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> holds NaN under <see cref="NaNPolicy.Reject"/>; the histogram is then unchanged.</exception>
    public void Add(ReadOnlySpan<double> values, NaNPolicy nanPolicy = NaNPolicy.Reject) =>
        Total += SpanStatistics.CountBins(values, edges, counts, nanPolicy);

    /// <summary>Adds the counts of <paramref name="other"/>, which must have the same edges.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The edges differ.</exception>
    public void Merge(FixedEdgeHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!edges.AsSpan().SequenceEqual(other.edges))
        {
            throw new ArgumentException("Histograms merge only when their edges are identical.", nameof(other));
        }

        for (int j = 0; j < counts.Length; j++)
        {
            counts[j] += other.counts[j];
        }

        Total += other.Total;
    }

    /// <summary>A new histogram holding the counts of both; the inputs are not modified.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The edges differ.</exception>
    public static FixedEdgeHistogram Combine(FixedEdgeHistogram first, FixedEdgeHistogram second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        FixedEdgeHistogram result = first.Clone();
        result.Merge(second);
        return result;
    }

    /// <summary>A copy of this histogram.</summary>
    public FixedEdgeHistogram Clone()
    {
        var copy = new FixedEdgeHistogram(edges);
        counts.CopyTo(copy.counts, 0);
        copy.Total = Total;
        return copy;
    }

    /// <summary>The share of values per bin, written to <paramref name="destination"/>; all zero when empty.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Counts"/>.</exception>
    public void GetShares(Span<double> destination)
    {
        if (destination.Length < counts.Length)
        {
            throw new ArgumentException($"destination needs {counts.Length} elements.", nameof(destination));
        }

        for (int j = 0; j < counts.Length; j++)
        {
            destination[j] = Total == 0 ? 0 : (double)counts[j] / Total;
        }
    }

    /// <summary>The stable JSON form: <c>{"type":"histogram","version":1,"edges":[…],"counts":[…]}</c>.</summary>
    public string ToJson() => SummaryJson.Write(WriteTo);

    /// <summary>Writes the JSON form of <see cref="ToJson"/> as one object to <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SummaryJson.WriteHeader(writer, JsonType, JsonVersion);
        SummaryJson.WriteArray(writer, "edges", edges);
        SummaryJson.WriteArray(writer, "counts", counts);
        writer.WriteEndObject();
    }

    /// <summary>Reads the form written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not a valid histogram (the message says why).</exception>
    public static FixedEdgeHistogram FromJson(string json) => SummaryJson.Read(json, JsonType, JsonVersion, root =>
    {
        double[] edges = SummaryJson.ReadDoubles(root.GetProperty("edges"));
        long[] counts = SummaryJson.ReadLongs(root.GetProperty("counts"));
        if (counts.Length != edges.Length + 1 || counts.Any(c => c < 0))
        {
            throw new FormatException($"A histogram with {edges.Length} edges needs {edges.Length + 1} non-negative counts.");
        }

        FixedEdgeHistogram result;
        try
        {
            result = new FixedEdgeHistogram(edges);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }

        counts.CopyTo(result.counts, 0);
        result.Total = counts.Sum();
        return result;
    });
}
