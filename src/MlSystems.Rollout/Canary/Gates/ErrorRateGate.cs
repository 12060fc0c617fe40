using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Gates on the error rate: the candidate may exceed the champion's rate by at most <see cref="MaximumIncrease"/>
/// (absolute). Pass when the one-sided upper confidence bound of (candidate − champion) is within it; Fail when the
/// lower bound is beyond it, the lower bound being anytime-valid (a confidence sequence), since a canary judges the gate
/// at every evaluation and a false failure throws a good model away; Inconclusive in between.
/// </summary>
/// <remarks>
/// Sized (<see cref="RequiredSamples"/>) so that a candidate at the champion's rate passes with the power: at a 1% error
/// rate, a 0.5-point tolerance and 95% power about 4,500 candidate requests at a 5% share, 8,600 at 50%. The Fail side
/// is wider (about 3.1 standard errors by then, where Pass uses 1.64), so a candidate worse by twice the tolerance is
/// failed at the planned count only about one time in five; otherwise it stays inconclusive, fails as requests
/// accumulate, or is rolled back at the step's limit by the default <see cref="CanaryOptions.BorderlinePolicy"/>.
/// </remarks>
public sealed class ErrorRateGate : ICanaryGate
{
    /// <summary>The default tolerated increase, 0.005 (half a percentage point).</summary>
    public const double DefaultMaximumIncrease = 0.005;

    /// <summary>Creates the gate.</summary>
    /// <param name="maximumIncrease">The tolerated absolute increase in [0, 1); default 0.005.</param>
    /// <param name="alpha">The one-sided level of each bound in (0, 1); default 0.05.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public ErrorRateGate(double maximumIncrease = DefaultMaximumIncrease, double alpha = ExperimentStatistics.DefaultAlpha)
    {
        RolloutArguments.Probability(maximumIncrease, nameof(maximumIncrease), allowZero: true);
        RolloutArguments.Probability(alpha, nameof(alpha));
        MaximumIncrease = maximumIncrease;
        Alpha = alpha;
    }

    /// <summary>The tolerated absolute increase.</summary>
    public double MaximumIncrease { get; }

    /// <summary>The one-sided level.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public string Name => "error-rate";

    /// <inheritdoc/>
    public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(candidate);
        if (champion.Count == 0 || candidate.Count == 0)
        {
            return new GateResult(Name, GateOutcome.Inconclusive, champion.ErrorRate, candidate.ErrorRate, "No requests on one arm yet.");
        }

        // Wilson-style continuity: half an error on each side keeps the bound honest when an arm has seen none.
        double p1 = (champion.Errors + 0.5) / (champion.Count + 1.0), p2 = (candidate.Errors + 0.5) / (candidate.Count + 1.0);
        double se = Math.Sqrt((p1 * (1 - p1) / champion.Count) + (p2 * (1 - p2) / candidate.Count));
        double difference = candidate.ErrorRate - champion.ErrorRate;
        // Pass is one fixed one-sided bound; Fail an anytime-valid one, as the gate is judged at every evaluation. The
        // mixture is tuned to twice the tolerance (a tenth of a point when nothing is tolerated).
        double z = NormalDistribution.Quantile(1 - Alpha);
        double lower = difference - (AnytimeBound.ForTolerance(Alpha, Math.Max(MaximumIncrease, 0.001), se) * se), upper = difference + (z * se);
        GateOutcome outcome = lower > MaximumIncrease ? GateOutcome.Fail : upper <= MaximumIncrease ? GateOutcome.Pass : GateOutcome.Inconclusive;
        return new GateResult(Name, outcome, champion.ErrorRate, candidate.ErrorRate, $"error rate {candidate.ErrorRate:P2} vs {champion.ErrorRate:P2}; difference in [{lower:P2}, {upper:P2}] against a tolerance of {MaximumIncrease:P2}");
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The normal approximation the gate judges by, with half an error added to each arm as the gate adds it: the least n
    /// with √(p̃ₘ(1 − p̃ₘ)/m + p̃ₙ(1 − p̃ₙ)/n) (z₁₋α + z_power) ≤ the tolerance, where p̃ₖ = (p k + ½)/(k + 1), p is the
    /// baseline's rate and m the champion's requests (fixed, or n(1 − s)/s). Where p k is well above one this is
    /// p(1 − p)(1/n + 1/m)(z₁₋α + z_power)² ≤ tolerance²; where it is not (a baseline with no errors) the half error
    /// dominates and the count is larger. <see cref="long.MaxValue"/> when no count suffices; null before the baseline's
    /// first request.
    /// </remarks>
    public long? RequiredSamples(CanaryWindow baseline, in CanarySizing sizing)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        sizing.Validate();
        if (baseline.Count == 0)
        {
            return null;
        }

        double p = (double)baseline.Errors / baseline.Count;
        double margin = MaximumIncrease / SampleSize.Separation(Alpha, sizing.Power);
        if (!(margin > 0))
        {
            return long.MaxValue;
        }

        double Smoothed(double k) => ((p * k) + 0.5) / (k + 1);
        double Variance(double k) => Smoothed(k) * (1 - Smoothed(k)) / k;
        long? fixedCount = sizing.BaselineCount;
        double share = sizing.CandidateShare;
        double ChampionCount(double n) => fixedCount is long m ? Math.Max(m, 1) : n * (1 - share) / share;

        // The standard error falls as n grows, so the least n within the margin is found by doubling, then bisection.
        bool Enough(double n) => Variance(n) + Variance(ChampionCount(n)) <= margin * margin;
        return Enough(1e15) ? SampleSize.Least(Enough) : long.MaxValue;
    }
}
