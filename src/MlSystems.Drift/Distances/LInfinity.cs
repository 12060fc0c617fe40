using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift;

/// <summary>
/// The L-infinity distance max |p_c − q_c| between category shares, TensorFlow Data Validation's measure of categorical
/// drift and skew: the largest change in any one category's share.
/// </summary>
public static class LInfinity
{
    /// <summary>The default drift threshold, 0.1 (a ten-point change in some category's share).</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The L-infinity distance between the category shares of a reference and a current sample.</summary>
    /// <param name="reference">Category counts of the reference; not empty.</param>
    /// <param name="current">Category counts of the current sample; not empty. A category on one side only counts with share 0 on the other.</param>
    /// <param name="threshold">Distance at or above which the result reports drift; default 0.1.</param>
    /// <returns>The distance; <see cref="DriftTestResult.Details"/> holds the index of the category reaching it under <c>categoryIndex</c> (ordinal order of all categories).</returns>
    /// <exception cref="ArgumentNullException">A summary is null.</exception>
    /// <exception cref="ArgumentException">A summary is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not positive and finite.</exception>
    public static DriftTestResult Compute(CategoryCounts reference, CategoryCounts current, double threshold = DefaultThreshold)
    {
        DriftArguments.ValidateThreshold(threshold);
        CategoryPair pair = CategoryPair.Build(reference, current);
        double n1 = pair.ReferenceTotal, n2 = pair.CurrentTotal;
        double distance = 0;
        int at = 0;
        for (int j = 0; j < pair.Categories.Length; j++)
        {
            double d = Math.Abs((pair.ReferenceCounts[j] / n1) - (pair.CurrentCounts[j] / n2));
            if (d > distance)
            {
                (distance, at) = (d, j);
            }
        }

        return new DriftTestResult
        {
            TestName = DriftTestNames.LInfinity,
            Statistic = distance,
            EffectSize = distance,
            ReferenceCount = pair.ReferenceTotal,
            CurrentCount = pair.CurrentTotal,
            Threshold = threshold,
            Details = new Dictionary<string, double> { ["categoryIndex"] = at },
        };
    }
}
