using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Gates on a latency quantile: the candidate's q-quantile may be at most <see cref="MaximumRatio"/> times the
/// champion's. Judged as a proportion, which tail quantiles of a few hundred requests need: with x = ratio × the
/// champion's quantile, the candidate is within the limit exactly when at most a share 1 − q of its requests are slower
/// than x. Fail when the observed share exceeds 1 − q significantly (one-sided z-test at <see cref="Alpha"/>), Pass when
/// it is significantly below, Inconclusive in between; nothing before <see cref="MinimumSamples"/> requests per arm.
/// </summary>
public sealed class LatencyGate : ICanaryGate
{
    /// <summary>Creates the gate.</summary>
    /// <param name="quantile">The quantile's probability in (0, 1); default 0.99.</param>
    /// <param name="maximumRatio">The tolerated ratio candidate / champion, at least 1; default 1.2.</param>
    /// <param name="minimumSamples">Requests per arm before judging, positive; default 200.</param>
    /// <param name="alpha">The one-sided level in (0, 1); default 0.05.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public LatencyGate(double quantile = 0.99, double maximumRatio = 1.2, long minimumSamples = 200, double alpha = ExperimentStatistics.DefaultAlpha)
    {
        RolloutArguments.Probability(quantile, nameof(quantile));
        if (!(maximumRatio >= 1) || !double.IsFinite(maximumRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(maximumRatio), maximumRatio, "The ratio must be finite and at least 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumSamples);
        RolloutArguments.Probability(alpha, nameof(alpha));
        Quantile = quantile;
        MaximumRatio = maximumRatio;
        MinimumSamples = minimumSamples;
        Alpha = alpha;
    }

    /// <summary>The quantile's probability.</summary>
    public double Quantile { get; }

    /// <summary>The tolerated ratio.</summary>
    public double MaximumRatio { get; }

    /// <summary>Requests per arm before judging.</summary>
    public long MinimumSamples { get; }

    /// <summary>The one-sided level.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public string Name => $"latency-p{Quantile * 100:0.##}";

    /// <inheritdoc/>
    public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(candidate);
        double a = champion.LatencyQuantile(Quantile), b = candidate.LatencyQuantile(Quantile);
        if (champion.Count < MinimumSamples || candidate.Count < MinimumSamples)
        {
            return new GateResult(Name, GateOutcome.Inconclusive, a, b, $"{Math.Min(champion.Count, candidate.Count)} of {MinimumSamples} requests per arm.");
        }

        double limit = a * MaximumRatio, allowed = 1 - Quantile;
        double share = candidate.LatencyShareAbove(limit);
        double z = (share - allowed) / Math.Sqrt(allowed * Quantile / candidate.Count);
        double critical = NormalDistribution.Quantile(1 - Alpha);
        GateOutcome outcome = z > critical ? GateOutcome.Fail : z < -critical ? GateOutcome.Pass : GateOutcome.Inconclusive;
        return new GateResult(Name, outcome, a, b, $"{share:P2} of candidate requests slower than {limit * 1e3:0.###} ms ({MaximumRatio}× the champion's {Name} of {a * 1e3:0.###} ms), {allowed:P2} allowed; z = {z:0.##}");
    }
}
