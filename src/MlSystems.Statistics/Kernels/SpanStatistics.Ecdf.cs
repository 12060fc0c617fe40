namespace MlSystems.Statistics;

public static partial class SpanStatistics
{
    /// <summary>
    /// The largest gaps between the empirical CDFs of two ascending samples, found in one merge walk.
    /// </summary>
    /// <remarks>
    /// F₁(x) and F₂(x) are the fractions of each sample ≤ x, evaluated at every observed value; the gaps are computed
    /// as <c>i / n₁ − j / n₂</c> in double arithmetic, which is how scipy's <c>ks_2samp</c> forms them, so the statistic
    /// matches scipy's bits. The walk is branch-free on the merge order (see the implementation notes in the source).
    /// Order is not checked (that would cost a pass); NaN at either end of either sample is.
    /// </remarks>
    /// <param name="sortedFirst">The first sample (the reference, in drift terms), ascending, non-empty, without NaN.</param>
    /// <param name="sortedSecond">The second sample, ascending, non-empty, without NaN.</param>
    /// <exception cref="ArgumentException">A sample is empty or holds NaN at either end.</exception>
    public static EcdfDifference EcdfDifference(ReadOnlySpan<double> sortedFirst, ReadOnlySpan<double> sortedSecond)
    {
        ValidateSorted(sortedFirst, nameof(sortedFirst));
        ValidateSorted(sortedSecond, nameof(sortedSecond));

        return Ecdf.EcdfWalk.Run(sortedFirst, sortedSecond);
    }
}
