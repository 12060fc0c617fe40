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
/// needs: for log-normal latencies of σ = 0.5 at p99 and a 1.2 ratio (t ≈ 0.36%), about 1,800 at a 5% share and 95%
/// power. The windows keep latencies in buckets 1% wide (<see cref="CanaryWindow.LatencyShareAbove"/>), so the tail
/// the gate reads is the tail the requests had, not a sketch's rank error, which at 1.7% would exceed the 1% a p99
/// rests on.
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
        // The limit comes from the champion's own sample: at the boundary (the candidate's latencies the champion's times
        // the ratio) its error moves the candidate's share by as much as a share of the champion's requests, so the
        // statistic has the variance of a difference of two proportions.
        double se = Math.Sqrt(allowed * Quantile * ((1.0 / candidate.Count) + (1.0 / champion.Count)));
        double z = (share - allowed) / se;
        // Pass at a fixed level, Fail by an anytime-valid bound (the gate is judged at every evaluation), the allowed
        // share standing for the tolerance.
        double critical = NormalDistribution.Quantile(1 - Alpha);
        double failAt = AnytimeBound.ForTolerance(Alpha, allowed, se);
        GateOutcome outcome = z > failAt ? GateOutcome.Fail : z < -critical ? GateOutcome.Pass : GateOutcome.Inconclusive;
        return new GateResult(Name, outcome, a, b, $"{share:P2} of candidate requests slower than {limit * 1e3:0.###} ms ({MaximumRatio}× the champion's {Name} of {a * 1e3:0.###} ms), {allowed:P2} allowed; z = {z:0.##}");
    }

    /// <inheritdoc/>
    /// <remarks>
    /// With a = 1 − q, t the baseline's share slower than the limit and m the champion's requests, the gate passes once
    /// the observed share, about N(t, t(1 − t)/n + a q/m), is z₁₋α standard errors √(a q (1/n + 1/m)) below a: the least n
    /// with (a − t)√n ≥ z₁₋α √(a q (1 + n/m)) + z_power √(t(1 − t) + a q n/m), and at least <see cref="MinimumSamples"/> on
    /// each arm. (The champion's part of the variance under the alternative is taken at its boundary value a q/m, which
    /// overstates it a little.) <see cref="long.MaxValue"/> when t reaches a (the limit lies inside the baseline's own
    /// tail) or a fixed champion count leaves no room; null before the baseline's first request.
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

        double zAlpha = NormalDistribution.Quantile(1 - Alpha), zPower = NormalDistribution.Quantile(sizing.Power);
        double nullVariance = allowed * Quantile, alternativeVariance = tail * (1 - tail);

        // Per candidate request: the gap the statistic must clear, positive once n suffices; rising with n.
        double Margin(double n, double perChampion) =>
            (allowed - tail) - (zAlpha * Math.Sqrt(nullVariance * ((1 / n) + perChampion))) - (zPower * Math.Sqrt((alternativeVariance / n) + (nullVariance * perChampion)));

        long needed;
        if (sizing.BaselineCount is long fixedCount)
        {
            double perChampion = 1.0 / Math.Max(fixedCount, 1);
            needed = Margin(double.MaxValue, perChampion) <= 0 ? long.MaxValue : SampleSize.Least(n => Margin(n, perChampion) > 0);
        }
        else
        {
            // m = n(1 − s)/s: the champion's share of the variance per candidate request is s/(1 − s), whatever n.
            double ratio = sizing.CandidateShare / (1 - sizing.CandidateShare);
            double root = ((zAlpha * Math.Sqrt(nullVariance * (1 + ratio))) + (zPower * Math.Sqrt(alternativeVariance + (nullVariance * ratio)))) / (allowed - tail);
            needed = SampleSize.Ceiling(root * root);
        }

        return needed == long.MaxValue ? long.MaxValue : Math.Max(Math.Max(needed, MinimumSamples), SampleSize.ChampionFloor(MinimumSamples, sizing));
    }
}
