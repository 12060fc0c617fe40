using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Gates on a business metric the host reports per request (revenue, clicks, conversions): the candidate's mean may fall
/// short of the champion's by at most <see cref="MaximumRelativeDecrease"/> of the champion's mean. Welch intervals:
/// Pass when the one-sided lower bound of (candidate − champion) is above −tolerance, Fail when the upper bound, an
/// anytime-valid one as the gate is judged at every evaluation, is below it, Inconclusive in between.
/// </summary>
/// <remarks>
/// Sized (<see cref="RequiredSamples"/>) from the baseline's mean and variance: the noisier the metric relative to the
/// tolerated shortfall, the more requests a verdict needs.
/// </remarks>
public sealed class BusinessMetricGate : ICanaryGate
{
    /// <summary>Creates the gate.</summary>
    /// <param name="maximumRelativeDecrease">The tolerated shortfall as a share of the champion's mean, in [0, 1); default 0.02.</param>
    /// <param name="higherIsBetter">False for metrics to minimise (cost, churn); default true.</param>
    /// <param name="alpha">The one-sided level in (0, 1); default 0.05.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public BusinessMetricGate(double maximumRelativeDecrease = 0.02, bool higherIsBetter = true, double alpha = ExperimentStatistics.DefaultAlpha)
    {
        RolloutArguments.Probability(maximumRelativeDecrease, nameof(maximumRelativeDecrease), allowZero: true);
        RolloutArguments.Probability(alpha, nameof(alpha));
        MaximumRelativeDecrease = maximumRelativeDecrease;
        HigherIsBetter = higherIsBetter;
        Alpha = alpha;
    }

    /// <summary>The tolerated relative shortfall.</summary>
    public double MaximumRelativeDecrease { get; }

    /// <summary>True when larger values are better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The one-sided level.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public string Name => "business-metric";

    /// <inheritdoc/>
    public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(candidate);
        ArmSummary a = champion.BusinessMetric, b = candidate.BusinessMetric;
        if (a.Count < 2 || b.Count < 2)
        {
            return new GateResult(Name, GateOutcome.Inconclusive, a.Mean, b.Mean, "Fewer than two business values on an arm.");
        }

        double v1 = a.Variance / a.Count, v2 = b.Variance / b.Count, se2 = v1 + v2;
        double sign = HigherIsBetter ? 1 : -1;

        // The gain in the metric's good direction, and the shortfall it may not exceed.
        double gain = sign * (b.Mean - a.Mean);
        double tolerance = MaximumRelativeDecrease * Math.Abs(a.Mean);
        if (se2 == 0)
        {
            return new GateResult(Name, gain >= -tolerance ? GateOutcome.Pass : GateOutcome.Fail, a.Mean, b.Mean, "Both arms are constant.");
        }

        double df = se2 * se2 / ((v1 * v1 / (a.Count - 1)) + (v2 * v2 / (b.Count - 1)));
        double half = StudentTDistribution.Quantile(1 - Alpha, df) * Math.Sqrt(se2);

        // Fail by an anytime-valid bound, the gate being judged at every evaluation; with no tolerance, tuned to 1% of the mean.
        double scale = tolerance > 0 ? tolerance : 0.01 * Math.Abs(a.Mean);
        double failHalf = scale > 0 ? AnytimeBound.ForTolerance(Alpha, scale, Math.Sqrt(se2)) * Math.Sqrt(se2) : half;
        GateOutcome outcome = gain - half >= -tolerance ? GateOutcome.Pass : gain + failHalf < -tolerance ? GateOutcome.Fail : GateOutcome.Inconclusive;
        return new GateResult(Name, outcome, a.Mean, b.Mean, $"mean {b.Mean:G6} vs {a.Mean:G6}; gain in [{gain - half:G4}, {gain + failHalf:G4}] against a tolerated shortfall of {tolerance:G4}");
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The normal approximation to the Welch interval: n ≥ σ² (z₁₋α + z_power)² / (tolerance)² × (1 + n / m), with σ² the
    /// baseline's variance and the tolerance its mean times <see cref="MaximumRelativeDecrease"/>, and at least two values
    /// on each arm. Null before the baseline has two business values.
    /// </remarks>
    public long? RequiredSamples(CanaryWindow baseline, in CanarySizing sizing)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        sizing.Validate();
        ArmSummary a = baseline.BusinessMetric;
        if (a.Count < 2)
        {
            return null;
        }

        double margin = MaximumRelativeDecrease * Math.Abs(a.Mean) / SampleSize.Separation(Alpha, sizing.Power);
        return Math.Max(Math.Max(SampleSize.ForVariance(a.Variance, margin * margin, sizing), 2), SampleSize.ChampionFloor(2, sizing));
    }
}
