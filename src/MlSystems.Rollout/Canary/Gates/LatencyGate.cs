using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Gates on a latency quantile: the candidate's q-quantile may be at most <see cref="MaximumRatio"/> times the
/// champion's. Judged as a proportion, which tail quantiles of a few hundred requests need: with x = ratio × the
/// champion's quantile, the candidate is within the limit exactly when at most a share 1 − q of its requests are slower
/// than x. Fail when the observed share exceeds 1 − q significantly (an anytime-valid one-sided bound at
/// <see cref="Alpha"/>, the gate being judged at every evaluation), Pass when it is significantly below (a one-sided
/// z-test), Inconclusive in between; nothing before <see cref="MinimumSamples"/> requests per arm.
/// </summary>
/// <remarks>
/// Sized (<see cref="RequiredSamples"/>) from the baseline's own tail: the share t of its requests slower than the
/// limit, which a candidate like the champion shares. The further t lies below 1 − q, the fewer requests a verdict
/// needs: for log-normal latencies of σ = 0.5 at p99 and a 1.2 ratio (t ≈ 0.36%), 1,650 at 95% power
/// from the exact tail, about 1,100 from the latency sketch's reading of it: the sketch's rank error near p99 is a
/// sizeable part of the tail itself, so the count is a guide to the step's length, not a guarantee of its power.
/// </remarks>
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
        // Pass at a fixed level, Fail by an anytime-valid bound (the gate is judged at every evaluation), the allowed
        // share standing for the tolerance.
        double critical = NormalDistribution.Quantile(1 - Alpha);
        double failAt = AnytimeBound.ForTolerance(Alpha, allowed, Math.Sqrt(allowed * Quantile / candidate.Count));
        GateOutcome outcome = z > failAt ? GateOutcome.Fail : z < -critical ? GateOutcome.Pass : GateOutcome.Inconclusive;
        return new GateResult(Name, outcome, a, b, $"{share:P2} of candidate requests slower than {limit * 1e3:0.###} ms ({MaximumRatio}× the champion's {Name} of {a * 1e3:0.###} ms), {allowed:P2} allowed; z = {z:0.##}");
    }

    /// <inheritdoc/>
    /// <remarks>
    /// With a = 1 − q and t the baseline's share slower than the limit, the gate passes once the observed share, about
    /// N(t, t(1 − t)/n), is z₁₋α standard errors √(a q / n) below a: n ≥ ((z₁₋α √(a q) + z_power √(t(1 − t))) / (a − t))²,
    /// and at least <see cref="MinimumSamples"/> on each arm. The champion's quantile is taken as known, which its larger
    /// sample makes nearly so below a 50% share. <see cref="long.MaxValue"/> when t reaches a (the limit lies inside the
    /// baseline's own tail); null before the baseline's first request.
    /// </remarks>
    public long? RequiredSamples(CanaryWindow baseline, in CanarySizing sizing)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        sizing.Validate();
        if (baseline.Count == 0)
        {
            return null;
        }

        double allowed = 1 - Quantile, tail = baseline.LatencyShareAbove(baseline.LatencyQuantile(Quantile) * MaximumRatio);
        if (!(tail < allowed))
        {
            return long.MaxValue;
        }

        double root = ((NormalDistribution.Quantile(1 - Alpha) * Math.Sqrt(allowed * Quantile)) + (NormalDistribution.Quantile(sizing.Power) * Math.Sqrt(tail * (1 - tail)))) / (allowed - tail);
        return Math.Max(Math.Max(SampleSize.Ceiling(root * root), MinimumSamples), SampleSize.ChampionFloor(MinimumSamples, sizing));
    }
}
