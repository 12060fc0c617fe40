namespace MlSystems.Drift;

/// <summary>
/// Turns bin counts into shares and floors empty bins so that ln(ref / cur) is defined: an empty bin's share becomes
/// 1e-4, or the smallest non-zero share divided by 1e6 when that share is itself ≤ 1e-4 (Evidently's rule), each side
/// separately and without renormalising.
/// </summary>
internal static class ShareFloor
{
    public const double Floor = 1e-4;
    public const double SmallShareDivisor = 1e6;

    public static double[] Shares(ReadOnlySpan<long> counts, long total)
    {
        double[] shares = new double[counts.Length];
        double smallest = double.PositiveInfinity;
        bool anyEmpty = false;
        for (int j = 0; j < counts.Length; j++)
        {
            shares[j] = (double)counts[j] / total;
            if (counts[j] == 0)
            {
                anyEmpty = true;
            }
            else
            {
                smallest = Math.Min(smallest, shares[j]);
            }
        }

        if (anyEmpty)
        {
            double floor = smallest <= Floor ? smallest / SmallShareDivisor : Floor;
            for (int j = 0; j < shares.Length; j++)
            {
                if (counts[j] == 0)
                {
                    shares[j] = floor;
                }
            }
        }

        return shares;
    }
}
