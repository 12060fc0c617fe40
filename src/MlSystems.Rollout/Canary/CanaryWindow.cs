using System.Buffers;
using MlSystems.Binary;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Rollout;

/// <summary>
/// One arm's observations during the current step: counts, errors, a latency histogram, a bounded uniform sample of
/// predictions and the moments of the business metric.
/// </summary>
/// <remarks>
/// <para>A controller's windows are read by gates during evaluation and written by
/// <see cref="CanaryController.Record(in RoutingDecision, in CanaryObservation)"/> under the same lock. A window built
/// directly, as a <see cref="CanaryOptions.Baseline"/> from a serving log, is not thread-safe.</para>
/// <para>Without a prediction sample (a capacity of 0) a window is exactly mergeable: counts and latency buckets add, and
/// the business metric is held as exact sums (<see cref="ExactMoments"/>), so windows filled on several hosts and
/// merged in any order, or read back from their binary form (<see cref="WriteTo"/>), give every gate the same verdict,
/// bit for bit, as one window that saw all their requests.</para>
/// </remarks>
public sealed class CanaryWindow
{
    private const byte FormVersion = 1;
    private const string FormName = "canary window";

    // Canonical partials of a double's exact sum number at most about 41 (2,098 bits of exponent range over 53).
    private const int MaximumPartials = 64;

    private readonly LatencyHistogram latency;
    private readonly ExactMoments business;
    private readonly double[] predictions;
    private readonly Random reservoirRandom;
    private long predictionCount;

    /// <summary>Creates an empty window, for a baseline of the champion's traffic.</summary>
    /// <param name="predictionCapacity">Predictions kept (a uniform reservoir), not negative; default 10,000.</param>
    /// <param name="seed">Seed of the reservoir; default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="predictionCapacity"/> is negative.</exception>
    public CanaryWindow(int predictionCapacity = 10_000, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(predictionCapacity);
        predictions = new double[predictionCapacity];
        reservoirRandom = new Random(seed);
        latency = new LatencyHistogram();
        business = new ExactMoments();
    }

    private CanaryWindow(long count, long errors, LatencyHistogram latency, ExactMoments business)
    {
        predictions = [];
        reservoirRandom = new Random(0);
        (Count, Errors, this.latency, this.business) = (count, errors, latency, business);
    }

    /// <summary>Requests observed.</summary>
    public long Count { get; private set; }

    /// <summary>Requests that failed.</summary>
    public long Errors { get; private set; }

    /// <summary>Errors / Count; NaN before the first request.</summary>
    public double ErrorRate => Count > 0 ? (double)Errors / Count : double.NaN;

    /// <summary>The business metric over the requests that reported one: count, mean and sample variance, from exact sums.</summary>
    public ArmSummary BusinessMetric => business.Count == 0 ? default : new ArmSummary(business.Count, business.Mean, business.Count > 1 ? business.SampleVariance : 0);

    /// <summary>
    /// The latency quantile in seconds, within 0.5% of its value (logarithmic buckets 1% wide, from 1 µs to 100,000 s);
    /// NaN before the first request.
    /// </summary>
    /// <param name="probability">The quantile's probability in [0, 1].</param>
    public double LatencyQuantile(double probability) => latency.Quantile(probability);

    /// <summary>
    /// The share of requests slower than <paramref name="seconds"/>, interpolated within the 1%-wide bucket holding it;
    /// NaN before the first request.
    /// </summary>
    public double LatencyShareAbove(double seconds) => latency.ShareAbove(seconds);

    /// <summary>A uniform sample (reservoir) of the predictions reported in this step.</summary>
    public ReadOnlySpan<double> Predictions => predictions.AsSpan(0, (int)Math.Min(predictionCount, predictions.Length));

    /// <summary>Adds one request's outcome.</summary>
    /// <param name="observation">The outcome.</param>
    /// <exception cref="ArgumentException">The latency is negative, the prediction is not finite, or the business value
    /// is not finite or beyond ±<see cref="ExactMoments.MaximumMagnitude"/>.</exception>
    public void Add(in CanaryObservation observation)
    {
        Validate(observation);
        AddValidated(observation);
    }

    /// <summary>Throws when an observation cannot be counted.</summary>
    /// <exception cref="ArgumentException">The latency is negative, the prediction is not finite, or the business value
    /// is not finite or beyond ±<see cref="ExactMoments.MaximumMagnitude"/>.</exception>
    internal static void Validate(in CanaryObservation observation)
    {
        if (observation.Latency < TimeSpan.Zero)
        {
            throw new ArgumentException($"The latency {observation.Latency} is negative.", nameof(observation));
        }

        if (observation.Prediction is double p && !double.IsFinite(p))
        {
            throw new ArgumentException($"The prediction {p} is not finite.", nameof(observation));
        }

        if (observation.BusinessValue is double v && !(Math.Abs(v) <= ExactMoments.MaximumMagnitude))
        {
            throw new ArgumentException($"The business value {v} is not finite or beyond ±{ExactMoments.MaximumMagnitude:G}.", nameof(observation));
        }
    }

    /// <summary>Adds an observation <see cref="Validate"/> has accepted.</summary>
    internal void AddValidated(in CanaryObservation observation)
    {
        Count++;
        Errors += observation.Failed ? 1 : 0;
        latency.Add(observation.Latency.TotalSeconds);
        if (observation.BusinessValue is double value)
        {
            business.Add(value);
        }

        if (observation.Prediction is double prediction && predictions.Length > 0)
        {
            long seen = predictionCount++;
            if (seen < predictions.Length)
            {
                predictions[seen] = prediction;
            }
            else
            {
                long slot = reservoirRandom.NextInt64(seen + 1);
                if (slot < predictions.Length)
                {
                    predictions[slot] = prediction;
                }
            }
        }
    }

    /// <summary>Adds every request of <paramref name="other"/>, exactly, as if they had been added here.</summary>
    /// <param name="other">A window without a prediction sample; not modified. It may be this window.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Either window keeps a prediction sample: a uniform sample does not
    /// merge exactly, so windows meant to merge are created with a capacity of 0.</exception>
    /// <exception cref="OverflowException">A count or the business metric's sums would overflow; the window is unchanged.</exception>
    public void Merge(CanaryWindow other)
    {
        ArgumentNullException.ThrowIfNull(other);
        RequireMergeable();
        other.RequireMergeable();
        long count = checked(Count + other.Count), errors = checked(Errors + other.Errors);
        business.Merge(other.business);
        latency.Merge(other.latency);
        (Count, Errors) = (count, errors);
    }

    /// <summary>
    /// Writes the binary form, version 1, little-endian: a version byte; the request and error counts; the non-empty
    /// latency buckets as (index, count) pairs; the business metric's count and the canonical partials of its exact Σx
    /// and Σx². Equal windows write equal bytes.
    /// </summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The window keeps a prediction sample, which has no exact binary form.</exception>
    public void WriteTo(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequireMergeable();
        var writer = new BinaryFormWriter(destination);
        writer.WriteByte(FormVersion);
        writer.WriteInt64(Count);
        writer.WriteInt64(Errors);
        latency.WriteTo(writer);
        writer.WriteInt64(business.Count);
        writer.WriteDoubles(business.SumPartials());
        writer.WriteDoubles(business.SquarePartials());
    }

    /// <summary>Reads a window from the start of <paramref name="source"/>, as <see cref="WriteTo"/> wrote it.</summary>
    /// <param name="source">The bytes; more may follow the window's.</param>
    /// <param name="bytesRead">How many bytes the window took.</param>
    /// <returns>A window without a prediction sample, equal to the one written.</returns>
    /// <exception cref="ArgumentException">The bytes are not a window of a known version, end early, or hold counts that
    /// no requests could give (more errors than requests, latency buckets that do not add up to the count, business
    /// sums no values could give); the message names the field and its byte offset.</exception>
    public static CanaryWindow ReadFrom(ReadOnlySpan<byte> source, out int bytesRead)
    {
        var reader = new BinaryFormReader(source, FormName, nameof(source));
        byte version = reader.ReadByte("version");
        if (version != FormVersion)
        {
            throw reader.Invalid("version", 0, $"version {version} is not the known version {FormVersion}");
        }

        long count = reader.ReadNonNegative("count");
        int at = reader.Position;
        long errors = reader.ReadNonNegative("errors");
        if (errors > count)
        {
            throw reader.Invalid("errors", at, $"{errors} errors of {count} requests");
        }

        at = reader.Position;
        LatencyHistogram latency = LatencyHistogram.ReadFrom(ref reader);
        if (latency.Count != count)
        {
            throw reader.Invalid("latency buckets", at, $"they hold {latency.Count} requests, not {count}");
        }

        at = reader.Position;
        long businessCount = reader.ReadNonNegative("business count");
        double[] sum = reader.ReadFiniteDoubles("business sum", MaximumPartials);
        double[] squares = reader.ReadFiniteDoubles("business squares", MaximumPartials);
        if (businessCount > count)
        {
            throw reader.Invalid("business count", at, $"{businessCount} values of {count} requests");
        }

        ExactMoments business;
        try
        {
            business = ExactMoments.FromParts(businessCount, sum, squares);
        }
        catch (ArgumentException e)
        {
            throw reader.Invalid("business metric", at, e.Message.TrimEnd('.'));
        }

        bytesRead = reader.Position;
        return new CanaryWindow(count, errors, latency, business);
    }

    private void RequireMergeable()
    {
        if (predictions.Length > 0)
        {
            throw new InvalidOperationException($"This window keeps a sample of up to {predictions.Length:N0} predictions, which does not merge or serialise exactly; create windows meant to merge with a prediction capacity of 0.");
        }
    }
}
