using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift;

/// <summary>
/// The Jensen–Shannon distance between the reference and current distributions, the square root of the JS divergence
/// (scipy.spatial.distance.jensenshannon). Symmetric, bounded and defined when a bin is empty on one side.
/// </summary>
/// <remarks>
/// With natural logarithms (the default, as scipy) the distance lies in [0, √ln 2 ≈ 0.833]; with base 2 in [0, 1]. The
/// base used is reported in <see cref="DriftTestResult.Details"/> under <c>logBase</c>. Numeric samples are binned as
/// Evidently does (Sturges bins over both samples, or one bin per value for ≤ 20 distinct reference values), without
/// flooring empty bins.
/// </remarks>
public static class JensenShannon
{
    /// <summary>The default drift threshold on the distance, 0.1 (Evidently's).</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The JS distance between two discrete distributions given as non-negative weights (normalised here).</summary>
    /// <param name="p">Weights of the first distribution; not all zero.</param>
    /// <param name="q">Weights of the second distribution, same length; not all zero.</param>
    /// <param name="logBase">Logarithm base, greater than 1; default e.</param>
    /// <exception cref="ArgumentException">Lengths differ, a weight is negative or not finite, or all weights of a side are zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logBase"/> is not greater than 1.</exception>
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double logBase = Math.E)
    {
        if (!(logBase > 1) || double.IsInfinity(logBase))
        {
            throw new ArgumentOutOfRangeException(nameof(logBase), logBase, "The logarithm base must be greater than 1.");
        }

        double sumP = Distributions.Total(p, nameof(p)), sumQ = Distributions.Total(q, nameof(q));
        if (p.Length != q.Length)
        {
            throw new ArgumentException($"The distributions have {p.Length} and {q.Length} bins.", nameof(q));
        }

        double left = 0, right = 0;
        for (int j = 0; j < p.Length; j++)
        {
            double pj = p[j] / sumP, qj = q[j] / sumQ, m = (pj + qj) / 2;
            left += RelativeEntropy(pj, m);
            right += RelativeEntropy(qj, m);
        }

        double divergence = (left + right) / Math.Log(logBase);
        return Math.Sqrt(Math.Max(divergence, 0) / 2);
    }

    /// <summary>The JS distance between a reference and a current numeric sample, binned as Evidently bins them.</summary>
    /// <param name="reference">The reference sample; finite values.</param>
    /// <param name="current">The current sample; finite values.</param>
    /// <param name="threshold">Distance at or above which the result reports drift; default 0.1.</param>
    /// <param name="logBase">Logarithm base; default e.</param>
    /// <param name="nanPolicy">What to do with NaN; rejected by default.</param>
    /// <exception cref="ArgumentException">A sample is empty or holds ±∞, or NaN under <see cref="NaNPolicy.Reject"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> or <paramref name="logBase"/> is out of range.</exception>
    public static DriftTestResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DefaultThreshold, double logBase = Math.E, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        DriftArguments.ValidateThreshold(threshold);
        if (SampleGuard.Propagates(reference, nanPolicy) || SampleGuard.Propagates(current, nanPolicy))
        {
            return DriftTestResults.NotANumber(DriftTestNames.JensenShannon, reference.Length, current.Length, threshold);
        }

        HistogramPair bins = Distributions.Bin(reference, current, nanPolicy);
        return Result(HistogramPair.RawShares(bins.ReferenceCounts, bins.ReferenceTotal), HistogramPair.RawShares(bins.CurrentCounts, bins.CurrentTotal), bins.ReferenceTotal, bins.CurrentTotal, threshold, logBase);
    }

    /// <summary>The JS distance between the category distributions of a reference and a current sample.</summary>
    /// <param name="reference">Category counts of the reference; not empty.</param>
    /// <param name="current">Category counts of the current sample; not empty. Categories new to it are handled.</param>
    /// <param name="threshold">Distance at or above which the result reports drift; default 0.1.</param>
    /// <param name="logBase">Logarithm base; default e.</param>
    /// <exception cref="ArgumentNullException">A summary is null.</exception>
    /// <exception cref="ArgumentException">A summary is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> or <paramref name="logBase"/> is out of range.</exception>
    public static DriftTestResult Compute(CategoryCounts reference, CategoryCounts current, double threshold = DefaultThreshold, double logBase = Math.E)
    {
        DriftArguments.ValidateThreshold(threshold);
        CategoryPair pair = CategoryPair.Build(reference, current);
        return Result([.. pair.ReferenceCounts.Select(c => (double)c)], [.. pair.CurrentCounts.Select(c => (double)c)], pair.ReferenceTotal, pair.CurrentTotal, threshold, logBase);
    }

    private static DriftTestResult Result(double[] p, double[] q, long n1, long n2, double threshold, double logBase)
    {
        double distance = Distance(p, q, logBase);
        return new DriftTestResult
        {
            TestName = DriftTestNames.JensenShannon,
            Statistic = distance,
            EffectSize = distance,
            ReferenceCount = n1,
            CurrentCount = n2,
            Threshold = threshold,
            Details = new Dictionary<string, double> { ["logBase"] = logBase },
        };
    }

    /// <summary>x·ln(x/y) with 0·ln 0 = 0, as scipy.special.rel_entr.</summary>
    private static double RelativeEntropy(double x, double y) => x > 0 && y > 0 ? x * Math.Log(x / y) : x == 0 && y >= 0 ? 0 : double.PositiveInfinity;
}
