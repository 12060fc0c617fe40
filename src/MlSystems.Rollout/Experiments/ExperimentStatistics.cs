using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// The fixed-horizon tests of an A/B experiment: sample-ratio mismatch, two proportions, Welch's t. They agree with
/// scipy (chisquare, ttest_ind(equal_var=False)) and with the textbook pooled z-test for proportions.
/// </summary>
/// <remarks>Student's t comes from Math.NET, whose distribution function is accurate to about 1e-10 absolute for
/// non-integer degrees of freedom: Welch p-values and intervals agree with scipy to about 1e-9 relative, the rest to
/// 1e-12. Looking at these p-values repeatedly while data arrives inflates false positives; use
/// <see cref="SequentialTest"/> for that.</remarks>
public static class ExperimentStatistics
{
    /// <summary>The default significance level, 0.05.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>The default sample-ratio-mismatch level, 0.001: SRM checks run often and a false alarm stops an experiment.</summary>
    public const double DefaultMismatchAlpha = 0.001;

    /// <summary>Pearson's χ² goodness of fit of the observed arm counts to the configured shares.</summary>
    /// <param name="observed">Requests counted per arm.</param>
    /// <param name="expectedShares">The configured share per arm (percentages or fractions; they are normalised).</param>
    /// <param name="alpha">The level below which a mismatch is declared; default 0.001.</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two arms, a negative count, a non-positive share, or no observations.</exception>
    public static SampleRatioResult SampleRatioMismatch(ReadOnlySpan<long> observed, ReadOnlySpan<double> expectedShares, double alpha = DefaultMismatchAlpha)
    {
        RolloutArguments.Probability(alpha, nameof(alpha));
        if (observed.Length != expectedShares.Length || observed.Length < 2)
        {
            throw new ArgumentException($"Need one expected share per arm and at least two arms; got {observed.Length} counts and {expectedShares.Length} shares.", nameof(expectedShares));
        }

        double shareTotal = 0;
        long total = 0;
        for (int k = 0; k < observed.Length; k++)
        {
            shareTotal += expectedShares[k] > 0 && double.IsFinite(expectedShares[k]) ? expectedShares[k] : throw new ArgumentException($"Share {k} is {expectedShares[k]}; shares must be positive.", nameof(expectedShares));
            total += observed[k] >= 0 ? observed[k] : throw new ArgumentException($"Count {k} is negative.", nameof(observed));
        }

        if (total == 0)
        {
            throw new ArgumentException("No observations.", nameof(observed));
        }

        double chi = 0;
        for (int k = 0; k < observed.Length; k++)
        {
            double expected = total * (expectedShares[k] / shareTotal);
            double d = observed[k] - expected;
            chi += d * d / expected;
        }

        double p = ChiSquaredDistribution.Survival(chi, observed.Length - 1);
        return new SampleRatioResult(chi, p, p < alpha);
    }

    /// <summary>
    /// Two-proportion z-test (pooled standard error for the statistic, as statsmodels' proportions_ztest) with a Wald
    /// interval (unpooled) for the difference in rates.
    /// </summary>
    /// <exception cref="ArgumentException">An arm is empty, or successes exceed the total.</exception>
    public static EffectTestResult TwoProportion(long controlSuccesses, long controlTotal, long treatmentSuccesses, long treatmentTotal, double alpha = DefaultAlpha)
    {
        RolloutArguments.Probability(alpha, nameof(alpha));
        ValidateCounts(controlSuccesses, controlTotal, nameof(controlTotal));
        ValidateCounts(treatmentSuccesses, treatmentTotal, nameof(treatmentTotal));
        double p1 = (double)controlSuccesses / controlTotal, p2 = (double)treatmentSuccesses / treatmentTotal;
        double pooled = (double)(controlSuccesses + treatmentSuccesses) / (controlTotal + treatmentTotal);
        double pooledSe = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / controlTotal) + (1.0 / treatmentTotal)));
        double se = Math.Sqrt((p1 * (1 - p1) / controlTotal) + (p2 * (1 - p2) / treatmentTotal));
        double difference = p2 - p1;

        // Both arms all-success or all-failure: no evidence of any difference.
        double z = pooledSe > 0 ? difference / pooledSe : 0;
        double p = NormalDistribution.TwoSidedPValue(z);
        double half = NormalDistribution.Quantile(1 - (alpha / 2)) * se;
        return new EffectTestResult(difference, se, z, double.PositiveInfinity, p, difference - half, difference + half, p < alpha);
    }

    /// <summary>Welch's unequal-variance t-test of treatment against control, with its confidence interval.</summary>
    /// <exception cref="ArgumentException">An arm has fewer than two observations, or both arms have zero variance.</exception>
    public static EffectTestResult Welch(ArmSummary control, ArmSummary treatment, double alpha = DefaultAlpha)
    {
        RolloutArguments.Probability(alpha, nameof(alpha));
        ValidateArm(control, nameof(control));
        ValidateArm(treatment, nameof(treatment));
        double v1 = control.Variance / control.Count, v2 = treatment.Variance / treatment.Count;
        double se2 = v1 + v2;
        if (!(se2 > 0))
        {
            throw new ArgumentException("Both arms have zero variance; the t statistic is undefined.", nameof(treatment));
        }

        double se = Math.Sqrt(se2);
        double difference = treatment.Mean - control.Mean;
        double t = difference / se;
        double df = se2 * se2 / ((v1 * v1 / (control.Count - 1)) + (v2 * v2 / (treatment.Count - 1)));
        double p = Math.Min(1, 2 * StudentTDistribution.Cdf(-Math.Abs(t), df));
        double half = StudentTDistribution.Quantile(1 - (alpha / 2), df) * se;
        return new EffectTestResult(difference, se, t, df, p, difference - half, difference + half, p < alpha);
    }

    private static void ValidateCounts(long successes, long total, string name)
    {
        if (total <= 0 || successes < 0 || successes > total)
        {
            throw new ArgumentException($"{successes} successes of {total}: an arm needs a positive total and 0 ≤ successes ≤ total.", name);
        }
    }

    private static void ValidateArm(ArmSummary arm, string name)
    {
        if (arm.Count < 2 || !double.IsFinite(arm.Mean) || !(arm.Variance >= 0) || !double.IsFinite(arm.Variance))
        {
            throw new ArgumentException($"The {name} arm needs at least two observations with a finite mean and variance (count {arm.Count}, mean {arm.Mean}, variance {arm.Variance}).", name);
        }
    }
}
