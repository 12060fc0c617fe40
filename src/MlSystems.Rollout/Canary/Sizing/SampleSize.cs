using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>The arithmetic the built-in gates size their samples with.</summary>
internal static class SampleSize
{
    /// <summary>
    /// z₁₋α + z_power: how many standard errors separate the tolerance from the truth when a test at one-sided level α
    /// is to pass a candidate equal to the champion with the power.
    /// </summary>
    public static double Separation(double alpha, double power) => NormalDistribution.Quantile(1 - alpha) + NormalDistribution.Quantile(power);

    /// <summary>
    /// The fewest candidate observations n with variance × (1/n + 1/m) ≤ <paramref name="target"/>, m being the champion's
    /// count (fixed, or n(1 − s)/s): the variance of a difference of two means brought within a squared tolerance.
    /// </summary>
    /// <returns>The count, at least 1; <see cref="long.MaxValue"/> when no count reaches the target.</returns>
    public static long ForVariance(double variance, double target, in CanarySizing sizing)
    {
        if (!(variance > 0))
        {
            return 1;
        }

        if (!(target > 0))
        {
            return long.MaxValue;
        }

        if (sizing.BaselineCount is long fixedCount)
        {
            // The champion's own share of the variance is spent already: what is left is the candidate's.
            double room = target - (variance / fixedCount);
            return room > 0 ? Ceiling(variance / room) : long.MaxValue;
        }

        return Ceiling(variance / (target * (1 - sizing.CandidateShare)));
    }

    /// <summary>The candidate observations by which the champion has <paramref name="minimum"/> of its own.</summary>
    public static long ChampionFloor(long minimum, in CanarySizing sizing)
    {
        if (sizing.BaselineCount is long fixedCount)
        {
            return fixedCount >= minimum ? 0 : long.MaxValue;
        }

        double share = sizing.CandidateShare;
        return share < 1 ? Ceiling(minimum * share / (1 - share)) : long.MaxValue;
    }

    /// <summary>
    /// The least n ≥ 1 for which <paramref name="enough"/> holds, given that it holds for every n beyond some point:
    /// doubling, then bisection; <see cref="long.MaxValue"/> when it does not hold by 2⁶⁰.
    /// </summary>
    public static long Least(Func<double, bool> enough)
    {
        long lo = 1, hi = 1;
        while (!enough(hi))
        {
            if (hi > 1L << 60)
            {
                return long.MaxValue;
            }

            hi *= 2;
        }

        while (lo < hi)
        {
            long mid = lo + ((hi - lo) / 2);
            (lo, hi) = enough(mid) ? (lo, mid) : (mid + 1, hi);
        }

        return lo;
    }

    /// <summary>⌈<paramref name="count"/>⌉, at least 1, saturating at <see cref="long.MaxValue"/>.</summary>
    public static long Ceiling(double count) => count >= 9.2e18 || double.IsNaN(count) ? long.MaxValue : Math.Max(1, (long)Math.Ceiling(count));
}
