namespace MlSystems.Rollout;

/// <summary>
/// Gates on a latency quantile: the candidate's may be at most <see cref="MaximumRatio"/> times the champion's. Both
/// arms need <see cref="MinimumSamples"/> requests before the gate judges (a tail quantile of a few requests is noise).
/// </summary>
public sealed class LatencyGate : ICanaryGate
{
    /// <summary>Creates the gate.</summary>
    /// <param name="quantile">The quantile's probability in (0, 1); default 0.99.</param>
    /// <param name="maximumRatio">The tolerated ratio candidate / champion, at least 1; default 1.2.</param>
    /// <param name="minimumSamples">Requests per arm before judging, positive; default 200.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public LatencyGate(double quantile = 0.99, double maximumRatio = 1.2, long minimumSamples = 200)
    {
        RolloutArguments.Probability(quantile, nameof(quantile));
        if (!(maximumRatio >= 1) || !double.IsFinite(maximumRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(maximumRatio), maximumRatio, "The ratio must be finite and at least 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumSamples);
        Quantile = quantile;
        MaximumRatio = maximumRatio;
        MinimumSamples = minimumSamples;
    }

    /// <summary>The quantile's probability.</summary>
    public double Quantile { get; }

    /// <summary>The tolerated ratio.</summary>
    public double MaximumRatio { get; }

    /// <summary>Requests per arm before judging.</summary>
    public long MinimumSamples { get; }

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

        GateOutcome outcome = b <= a * MaximumRatio ? GateOutcome.Pass : GateOutcome.Fail;
        return new GateResult(Name, outcome, a, b, $"{Name} {b * 1e3:0.###} ms vs {a * 1e3:0.###} ms (limit ×{MaximumRatio})");
    }
}
