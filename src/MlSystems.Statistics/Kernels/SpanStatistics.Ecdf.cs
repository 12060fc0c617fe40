namespace MlSystems.Statistics;

public static partial class SpanStatistics
{
    /// <summary>
    /// The largest gaps between the empirical CDFs of two ascending samples, found in one merge walk.
    /// </summary>
    /// <remarks>
    /// F₁(x) and F₂(x) are the fractions of each sample ≤ x, evaluated at every observed value; the gaps are computed
    /// as <c>i / n₁ − j / n₂</c> in double arithmetic, which is how scipy's <c>ks_2samp</c> forms them, so the statistic
    /// matches scipy's bits. Order is not checked (that would cost a pass); NaN at either end of either sample is.
    /// </remarks>
    /// <param name="sortedFirst">The first sample (the reference, in drift terms), ascending, non-empty, without NaN.</param>
    /// <param name="sortedSecond">The second sample, ascending, non-empty, without NaN.</param>
    /// <exception cref="ArgumentException">A sample is empty or holds NaN at either end.</exception>
    public static EcdfDifference EcdfDifference(ReadOnlySpan<double> sortedFirst, ReadOnlySpan<double> sortedSecond)
    {
        ValidateSorted(sortedFirst, nameof(sortedFirst));
        ValidateSorted(sortedSecond, nameof(sortedSecond));

        int n1 = sortedFirst.Length, n2 = sortedSecond.Length;
        double maxDiff = double.NegativeInfinity, minDiff = double.PositiveInfinity;
        double maxAt1 = double.NaN, maxAt2 = double.NaN, minAt1 = double.NaN, minAt2 = double.NaN;
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            double x = j >= n2 || (i < n1 && sortedFirst[i] <= sortedSecond[j]) ? sortedFirst[i] : sortedSecond[j];
            double first = double.NaN, second = double.NaN;
            if (i < n1 && sortedFirst[i] == x)
            {
                first = sortedFirst[i];
                do
                {
                    i++;
                }
                while (i < n1 && sortedFirst[i] == x);
            }

            if (j < n2 && sortedSecond[j] == x)
            {
                second = sortedSecond[j];
                do
                {
                    j++;
                }
                while (j < n2 && sortedSecond[j] == x);
            }

            double diff = ((double)i / n1) - ((double)j / n2);

            // scipy takes the first arg-extremum in the concatenation (first sample, then second), hence one
            // candidate location per sample, each the smallest value reaching the extremum.
            if (diff > maxDiff)
            {
                maxDiff = diff;
                maxAt1 = first;
                maxAt2 = second;
            }
            else if (diff == maxDiff)
            {
                maxAt1 = double.IsNaN(maxAt1) ? first : maxAt1;
                maxAt2 = double.IsNaN(maxAt2) ? second : maxAt2;
            }

            if (diff < minDiff)
            {
                minDiff = diff;
                minAt1 = first;
                minAt2 = second;
            }
            else if (diff == minDiff)
            {
                minAt1 = double.IsNaN(minAt1) ? first : minAt1;
                minAt2 = double.IsNaN(minAt2) ? second : minAt2;
            }
        }

        return new EcdfDifference(
            maxDiff,
            double.IsNaN(maxAt1) ? maxAt2 : maxAt1,
            Math.Clamp(-minDiff, 0, 1),
            double.IsNaN(minAt1) ? minAt2 : minAt1);
    }
}
