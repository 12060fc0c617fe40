using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift;

/// <summary>
/// The Hellinger distance H = √(Σ(√p − √q)²) / √2 between the reference and current distributions, in [0, 1].
/// </summary>
/// <remarks>Numeric samples are binned as for <see cref="JensenShannon"/> (Evidently's rule); categories use their counts.</remarks>
public static class Hellinger
{
    /// <summary>The default drift threshold on the distance, 0.1.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The Hellinger distance between two discrete distributions given as non-negative weights (normalised here).</summary>
    /// <exception cref="ArgumentException">Lengths differ, a weight is negative or not finite, or all weights of a side are zero.</exception>
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double sumP = Distributions.Total(p, nameof(p)), sumQ = Distributions.Total(q, nameof(q));
        if (p.Length != q.Length)
        {
            throw new ArgumentException($"The distributions have {p.Length} and {q.Length} bins.", nameof(q));
        }

        double sum = 0;
        for (int j = 0; j < p.Length; j++)
        {
            double d = Math.Sqrt(p[j] / sumP) - Math.Sqrt(q[j] / sumQ);
            sum += d * d;
        }

        return Math.Sqrt(sum) / Math.Sqrt(2);
    }

    /// <summary>The Hellinger distance between a reference and a current numeric sample.</summary>
    /// <exception cref="ArgumentException">A sample is empty or holds ±∞, or NaN under <see cref="NaNPolicy.Reject"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not positive and finite.</exception>
    public static DriftTestResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DefaultThreshold, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        DriftArguments.ValidateThreshold(threshold);
        if (SampleGuard.Propagates(reference, nanPolicy) || SampleGuard.Propagates(current, nanPolicy))
        {
            return DriftTestResults.NotANumber(DriftTestNames.Hellinger, reference.Length, current.Length, threshold);
        }

        HistogramPair bins = Distributions.Bin(reference, current, nanPolicy);
        return Result(HistogramPair.RawShares(bins.ReferenceCounts, bins.ReferenceTotal), HistogramPair.RawShares(bins.CurrentCounts, bins.CurrentTotal), bins.ReferenceTotal, bins.CurrentTotal, threshold);
    }

    /// <summary>The Hellinger distance between the category distributions of a reference and a current sample.</summary>
    /// <exception cref="ArgumentNullException">A summary is null.</exception>
    /// <exception cref="ArgumentException">A summary is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not positive and finite.</exception>
    public static DriftTestResult Compute(CategoryCounts reference, CategoryCounts current, double threshold = DefaultThreshold)
    {
        DriftArguments.ValidateThreshold(threshold);
        CategoryPair pair = CategoryPair.Build(reference, current);
        return Result([.. pair.ReferenceCounts.Select(c => (double)c)], [.. pair.CurrentCounts.Select(c => (double)c)], pair.ReferenceTotal, pair.CurrentTotal, threshold);
    }

    private static DriftTestResult Result(double[] p, double[] q, long n1, long n2, double threshold)
    {
        double distance = Distance(p, q);
        return new DriftTestResult
        {
            TestName = DriftTestNames.Hellinger,
            Statistic = distance,
            EffectSize = distance,
            ReferenceCount = n1,
            CurrentCount = n2,
            Threshold = threshold,
        };
    }
}
