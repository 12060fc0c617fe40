using MlSystems.Statistics.Summaries;

namespace MlSystems.Rollout;

/// <summary>The sufficient statistics of one arm's outcomes: count, mean and unbiased variance.</summary>
/// <param name="Count">The number of observations.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="Variance">Their sample variance (n − 1 denominator); 0 for fewer than two observations.</param>
public readonly record struct ArmSummary(long Count, double Mean, double Variance)
{
    /// <summary>A conversion-style arm: <paramref name="successes"/> of <paramref name="total"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The counts are negative or successes exceed the total.</exception>
    public static ArmSummary FromProportion(long successes, long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, total);
        if (total == 0)
        {
            return default;
        }

        double p = (double)successes / total;
        return new ArmSummary(total, p, total > 1 ? p * (1 - p) * total / (total - 1) : 0);
    }

    /// <summary>The summary of a <see cref="RunningMoments"/> accumulator.</summary>
    public static ArmSummary FromMoments(RunningMoments moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        return moments.Count == 0 ? default : new ArmSummary(moments.Count, moments.Mean, moments.Count > 1 ? moments.SampleVariance : 0);
    }
}
