using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>
/// The two-proportion z-test: has the share of a binary outcome (a flag, a positive class, a missing value) changed?
/// </summary>
/// <remarks>
/// z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)) with the pooled share p̂, two-sided p-value 2·P(Z ≥ |z|). When the pooled
/// share is 0 or 1 both samples agree exactly and the result is z = 0, p = 1. The effect size is Cohen's
/// h = 2·asin√p₁ − 2·asin√p₂.
/// </remarks>
public static class TwoProportionZTest
{
    /// <summary>Tests whether the current share of successes differs from the reference share.</summary>
    /// <param name="referenceSuccesses">Successes in the reference sample, 0 ≤ successes ≤ total.</param>
    /// <param name="referenceTotal">Size of the reference sample, at least 1.</param>
    /// <param name="currentSuccesses">Successes in the current sample, 0 ≤ successes ≤ total.</param>
    /// <param name="currentTotal">Size of the current sample, at least 1.</param>
    /// <param name="alpha">Significance level in (0, 1); default 0.05.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range or <paramref name="alpha"/> is outside (0, 1).</exception>
    public static DriftTestResult Compute(long referenceSuccesses, long referenceTotal, long currentSuccesses, long currentTotal, double alpha = ChiSquaredTest.DefaultAlpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(referenceTotal, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(currentTotal, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(referenceSuccesses);
        ArgumentOutOfRangeException.ThrowIfNegative(currentSuccesses);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(referenceSuccesses, referenceTotal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(currentSuccesses, currentTotal);
        DriftArguments.ValidateAlpha(alpha);

        double p1 = (double)referenceSuccesses / referenceTotal, p2 = (double)currentSuccesses / currentTotal;
        double pooled = (referenceSuccesses + (double)currentSuccesses) / (referenceTotal + (double)currentTotal);
        double variance = pooled * (1 - pooled) * ((1.0 / referenceTotal) + (1.0 / currentTotal));
        double z = variance > 0 ? (p1 - p2) / Math.Sqrt(variance) : 0;
        return new DriftTestResult
        {
            TestName = DriftTestNames.TwoProportionZ,
            Statistic = z,
            PValue = NormalDistribution.TwoSidedPValue(z),
            EffectSize = (2 * Math.Asin(Math.Sqrt(p1))) - (2 * Math.Asin(Math.Sqrt(p2))),
            ReferenceCount = referenceTotal,
            CurrentCount = currentTotal,
            Threshold = alpha,
        };
    }
}
