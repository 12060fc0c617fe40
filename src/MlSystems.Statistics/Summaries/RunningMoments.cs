using System.Text.Json;
using MlSystems.Statistics.Serialization;
using MlSystems.Statistics.Simd;

namespace MlSystems.Statistics.Summaries;

/// <summary>
/// A mergeable summary of a stream of numbers: count, mean, second to fourth central moments, minimum and maximum.
/// </summary>
/// <remarks>
/// <para>Values are folded in with Welford's update and summaries merge with the pairwise formulas of Chan, Golub
/// and LeVeque and of Pébay, which are exact in real arithmetic: two hosts' summaries merge into what one host would
/// have computed over both streams, up to floating-point rounding. <see cref="Combine"/> orders its operands
/// canonically, so merging is commutative bit for bit; it is associative to within rounding.</para>
/// <para>Accuracy: each merge or single-value update carries the rounding of the running mean (ε·|mean|) into the
/// central moments, so their relative error grows with the condition number |mean|/σ — about 1e-8 for values near 1e9
/// with σ = 1 added one at a time. Adding a span runs the two-pass kernel per 4096-value chunk and merges 4096 times
/// less often.</para>
/// <para>Statistics of an empty summary are NaN (check <see cref="Count"/>). Infinite values are refused: moments of a
/// sample containing ±∞ are undefined. Instances are not thread-safe; give each thread its own and merge.</para>
/// </remarks>
public sealed class RunningMoments
{
    private const string JsonType = "moments";
    private const int JsonVersion = 1;
    private const int ChunkLength = 4096;

    private long count;
    private double mean;
    private double m2;
    private double m3;
    private double m4;
    private double min = double.NaN;
    private double max = double.NaN;

    /// <summary>The number of values summarised.</summary>
    public long Count => count;

    /// <summary>The arithmetic mean; NaN when empty.</summary>
    public double Mean => count > 0 ? mean : double.NaN;

    /// <summary>The smallest value; NaN when empty.</summary>
    public double Min => min;

    /// <summary>The largest value; NaN when empty.</summary>
    public double Max => max;

    /// <summary>Σ (x − mean)²; 0 when empty.</summary>
    public double SumOfSquaredDeviations => m2;

    /// <summary>The population variance Σ(x − mean)²/n; NaN when empty.</summary>
    public double PopulationVariance => count > 0 ? m2 / count : double.NaN;

    /// <summary>The sample variance Σ(x − mean)²/(n − 1); NaN with fewer than two values.</summary>
    public double SampleVariance => count > 1 ? m2 / (count - 1) : double.NaN;

    /// <summary>The sample standard deviation; NaN with fewer than two values.</summary>
    public double SampleStandardDeviation => Math.Sqrt(SampleVariance);

    /// <summary>
    /// The population skewness √n·M3 / M2^1.5 (scipy.stats.skew with bias=True); NaN when empty or when all values
    /// are equal.
    /// </summary>
    public double Skewness => count > 0 && m2 > 0 ? Math.Sqrt(count) * m3 / Math.Pow(m2, 1.5) : double.NaN;

    /// <summary>
    /// The population excess kurtosis n·M4 / M2² − 3 (scipy.stats.kurtosis with fisher=True, bias=True); NaN when
    /// empty or when all values are equal.
    /// </summary>
    public double ExcessKurtosis => count > 0 && m2 > 0 ? (count * m4 / (m2 * m2)) - 3 : double.NaN;

    /// <summary>Adds one value.</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite, or the moments would overflow; the summary is then unchanged.</exception>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Cannot add {value}: moments need finite values.", nameof(value));
        }

        var saved = (count, mean, m2, m3, m4, min, max);
        Merge(1, value, 0, 0, 0, value, value);
        if (Overflowed())
        {
            (count, mean, m2, m3, m4, min, max) = saved;
            throw OverflowError(nameof(value));
        }
    }

    /// <summary>Adds every value of <paramref name="values"/>, chunk by chunk through the SIMD moments kernel.</summary>
    /// <param name="values">Finite values (NaN handled by <paramref name="nanPolicy"/>).</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> holds ±∞, or NaN under <see cref="NaNPolicy.Reject"/>, or the fourth moment overflows a
    /// double (|x − mean| beyond about 1e77); the summary is then unchanged.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nanPolicy"/> is <see cref="NaNPolicy.Propagate"/>, which a summary cannot hold.</exception>
    public void Add(ReadOnlySpan<double> values, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        NaNGuard.Validate(nanPolicy, nameof(nanPolicy));
        ReadOnlySpan<double> clean = NaNGuard.WithoutNaN(values, nanPolicy, nameof(values), out double[]? rented);
        try
        {
            if (SpanStatistics.CountNonFinite(clean).Infinite > 0)
            {
                throw new ArgumentException("The values hold ±∞: moments need finite values.", nameof(values));
            }

            // An overflow restores the state before the call, so the summary is unchanged.
            var saved = (count, mean, m2, m3, m4, min, max);
            VectorWidth width = VectorWidths.Resolve(VectorWidths.Moments);
            for (int start = 0; start < clean.Length; start += ChunkLength)
            {
                ReadOnlySpan<double> chunk = clean.Slice(start, Math.Min(ChunkLength, clean.Length - start));
                (long n, double chunkMean, double chunkM2) = MomentsKernel.Run(chunk, width);
                (double chunkM3, double chunkM4) = HigherCentralSums(chunk, chunkMean);
                MinMaxResult chunkExtremes = SpanStatistics.MinMax(chunk);
                Merge(n, chunkMean, chunkM2, chunkM3, chunkM4, chunkExtremes.Min, chunkExtremes.Max);
            }

            if (Overflowed())
            {
                (count, mean, m2, m3, m4, min, max) = saved;
                throw OverflowError(nameof(values));
            }
        }
        finally
        {
            NaNGuard.Return(rented);
        }
    }

    /// <summary>Folds <paramref name="other"/> into this summary, as if its values had been added here.</summary>
    /// <param name="other">The summary to merge; it is not modified.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public void Merge(RunningMoments other)
    {
        ArgumentNullException.ThrowIfNull(other);
        RunningMoments merged = Combine(this, other);
        CopyFrom(merged);
    }

    /// <summary>A new summary of both inputs' values; the inputs are not modified.</summary>
    /// <remarks>The operands are put in a canonical order first, so <c>Combine(a, b)</c> and <c>Combine(b, a)</c> are identical.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static RunningMoments Combine(RunningMoments first, RunningMoments second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        (RunningMoments a, RunningMoments b) = CanonicalOrder(first, second) <= 0 ? (first, second) : (second, first);
        var result = new RunningMoments();
        result.CopyFrom(a);
        result.Merge(b.count, b.mean, b.m2, b.m3, b.m4, b.min, b.max);
        return result;
    }

    /// <summary>A copy of this summary.</summary>
    public RunningMoments Clone()
    {
        var copy = new RunningMoments();
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>
    /// The stable JSON form: <c>{"type":"moments","version":1,"count":…,"mean":…,"m2":…,"m3":…,"m4":…,"min":…,"max":…}</c>,
    /// doubles by the number rule of every MlSystems JSON form: shortest round trip, and <c>"NaN"</c> (not null) for the
    /// minimum and maximum of an empty summary.
    /// </summary>
    public string ToJson() => SummaryJson.Write(WriteTo);

    /// <summary>Writes the JSON form of <see cref="ToJson"/> as one object to <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SummaryJson.WriteHeader(writer, JsonType, JsonVersion);
        writer.WriteNumber("count", count);
        JsonForm.WriteNumber(writer, "mean", mean);
        JsonForm.WriteNumber(writer, "m2", m2);
        JsonForm.WriteNumber(writer, "m3", m3);
        JsonForm.WriteNumber(writer, "m4", m4);
        JsonForm.WriteNumber(writer, "min", min);
        JsonForm.WriteNumber(writer, "max", max);
        writer.WriteEndObject();
    }

    /// <summary>Reads the form written by <see cref="ToJson"/>; the result equals the original bit for bit.</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not a valid moments summary (the message says why).</exception>
    public static RunningMoments FromJson(string json) => SummaryJson.Read(json, JsonType, JsonVersion, root =>
    {
        var result = new RunningMoments
        {
            count = root.GetProperty("count").GetInt64(),
            mean = JsonForm.ReadNumber(root, "mean"),
            m2 = JsonForm.ReadNumber(root, "m2"),
            m3 = JsonForm.ReadNumber(root, "m3"),
            m4 = JsonForm.ReadNumber(root, "m4"),
            min = JsonForm.ReadNumber(root, "min"),
            max = JsonForm.ReadNumber(root, "max"),
        };
        if (result.count < 0 || result.m2 < 0 || result.m4 < 0 || (result.count > 0 && (double.IsNaN(result.min) || double.IsNaN(result.max))))
        {
            throw new FormatException("count, m2 and m4 must be non-negative, and a non-empty summary needs min and max.");
        }

        return result;
    });

    private bool Overflowed() => !double.IsFinite(mean) || !double.IsFinite(m2) || !double.IsFinite(m3) || !double.IsFinite(m4);

    private static ArgumentException OverflowError(string paramName) =>
        new("The values are too far apart: the central moments overflow a double (|x − mean| beyond about 1e77).", paramName);

    private static int CanonicalOrder(RunningMoments a, RunningMoments b)
    {
        int c = a.count.CompareTo(b.count);
        c = c != 0 ? c : a.mean.CompareTo(b.mean);
        c = c != 0 ? c : a.m2.CompareTo(b.m2);
        c = c != 0 ? c : a.m3.CompareTo(b.m3);
        c = c != 0 ? c : a.m4.CompareTo(b.m4);
        c = c != 0 ? c : a.min.CompareTo(b.min);
        return c != 0 ? c : a.max.CompareTo(b.max);
    }

    private static (double M3, double M4) HigherCentralSums(ReadOnlySpan<double> chunk, double center)
    {
        double s3 = 0, s4 = 0;
        foreach (double x in chunk)
        {
            double d = x - center;
            double d2 = d * d;
            s3 = Math.FusedMultiplyAdd(d2, d, s3);
            s4 = Math.FusedMultiplyAdd(d2, d2, s4);
        }

        return (s3, s4);
    }

    private void CopyFrom(RunningMoments source)
    {
        (count, mean, m2, m3, m4, min, max) = (source.count, source.mean, source.m2, source.m3, source.m4, source.min, source.max);
    }

    /// <summary>Pébay's pairwise update of the central moments (Sandia report SAND2008-6212, eqs. 3.1).</summary>
    private void Merge(long nb, double meanB, double m2B, double m3B, double m4B, double minB, double maxB)
    {
        if (nb == 0)
        {
            return;
        }

        if (count == 0)
        {
            (count, mean, m2, m3, m4, min, max) = (nb, meanB, m2B, m3B, m4B, minB, maxB);
            return;
        }

        double na = count, nbd = nb, n = na + nbd;
        double delta = meanB - mean;
        double deltaN = delta / n;
        double deltaN2 = deltaN * deltaN;
        double cross = na * nbd;
        double newM2 = m2 + m2B + (delta * deltaN * cross);
        double newM3 = m3 + m3B + (deltaN2 * delta * cross * (na - nbd)) + (3 * deltaN * ((na * m2B) - (nbd * m2)));
        double newM4 = m4 + m4B
            + (deltaN2 * deltaN * delta * cross * ((na * na) - cross + (nbd * nbd)))
            + (6 * deltaN2 * ((na * na * m2B) + (nbd * nbd * m2)))
            + (4 * deltaN * ((na * m3B) - (nbd * m3)));
        mean += deltaN * nbd;
        (m2, m3, m4) = (newM2, newM3, newM4);
        count += nb;
        min = Math.Min(min, minB);
        max = Math.Max(max, maxB);
    }
}
