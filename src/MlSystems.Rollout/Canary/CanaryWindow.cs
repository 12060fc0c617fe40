using MlSystems.Statistics.Summaries;

namespace MlSystems.Rollout;

/// <summary>
/// One arm's observations during the current step: counts, errors, a latency histogram, a bounded uniform sample of
/// predictions and the moments of the business metric.
/// </summary>
/// <remarks>
/// A controller's windows are read by gates during evaluation and written by
/// <see cref="CanaryController.Record(in RoutingDecision, in CanaryObservation)"/> under the same lock. A window built
/// directly, as a <see cref="CanaryOptions.Baseline"/> from a serving log, is not thread-safe.
/// </remarks>
public sealed class CanaryWindow
{
    private readonly LatencyHistogram latency = new();
    private readonly RunningMoments business = new();
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
    }

    /// <summary>Requests observed.</summary>
    public long Count { get; private set; }

    /// <summary>Requests that failed.</summary>
    public long Errors { get; private set; }

    /// <summary>Errors / Count; NaN before the first request.</summary>
    public double ErrorRate => Count > 0 ? (double)Errors / Count : double.NaN;

    /// <summary>Requests that reported a business value.</summary>
    public ArmSummary BusinessMetric => ArmSummary.FromMoments(business);

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
    /// <exception cref="ArgumentException">The latency is negative, or the prediction or business value is not finite.</exception>
    public void Add(in CanaryObservation observation)
    {
        Validate(observation);
        AddValidated(observation);
    }

    /// <summary>Throws when an observation cannot be counted.</summary>
    /// <exception cref="ArgumentException">The latency is negative, or the prediction or business value is not finite.</exception>
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

        if (observation.BusinessValue is double v && !double.IsFinite(v))
        {
            throw new ArgumentException($"The business value {v} is not finite.", nameof(observation));
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
}
