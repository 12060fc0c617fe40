using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift;

/// <summary>
/// Pearson's chi-squared test of homogeneity for a categorical feature: do the reference and current samples come from
/// the same category distribution?
/// </summary>
/// <remarks>
/// The 2 × k contingency table of counts (reference and current rows, one column per category seen on either side) is
/// tested without continuity correction, as <c>scipy.stats.chi2_contingency(table, correction=False)</c>. A category
/// present on only one side is an ordinary column — unlike a goodness-of-fit test against reference frequencies, which
/// divides by zero when a new category appears. The effect size is Cramér's V = √(χ² / N).
/// </remarks>
public static class ChiSquaredTest
{
    /// <summary>The default significance level, 0.05.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>Tests <paramref name="current"/> against <paramref name="reference"/>.</summary>
    /// <param name="reference">Category counts of the reference sample; not empty.</param>
    /// <param name="current">Category counts of the current sample; not empty.</param>
    /// <param name="alpha">Significance level in (0, 1); default 0.05.</param>
    /// <exception cref="ArgumentNullException">A summary is null.</exception>
    /// <exception cref="ArgumentException">A summary is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is outside (0, 1).</exception>
    public static DriftTestResult Compute(CategoryCounts reference, CategoryCounts current, double alpha = DefaultAlpha)
    {
        DriftArguments.ValidateAlpha(alpha);
        CategoryPair pair = CategoryPair.Build(reference, current);
        long n1 = pair.ReferenceTotal, n2 = pair.CurrentTotal;
        double total = n1 + (double)n2;
        double statistic = 0;
        for (int j = 0; j < pair.Categories.Length; j++)
        {
            double column = pair.ReferenceCounts[j] + (double)pair.CurrentCounts[j];
            double expectedReference = n1 * column / total, expectedCurrent = n2 * column / total;
            double dr = pair.ReferenceCounts[j] - expectedReference, dc = pair.CurrentCounts[j] - expectedCurrent;
            statistic += (dr * dr / expectedReference) + (dc * dc / expectedCurrent);
        }

        int degrees = pair.Categories.Length - 1;
        return new DriftTestResult
        {
            TestName = DriftTestNames.ChiSquared,
            Statistic = statistic,
            PValue = degrees == 0 ? 1.0 : ChiSquaredDistribution.Survival(statistic, degrees),
            EffectSize = Math.Sqrt(statistic / total),
            ReferenceCount = n1,
            CurrentCount = n2,
            Threshold = alpha,
        };
    }
}
