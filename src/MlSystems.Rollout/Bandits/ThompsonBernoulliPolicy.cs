using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Thompson sampling for 0/1 rewards: each arm's success rate has a Beta(α + successes, β + failures) posterior; one
/// draw per arm, the largest wins. Rewards other than 0 and 1 count fractionally.
/// </summary>
/// <remarks>
/// The propensity of a Thompson choice has no closed form; it is estimated by re-running the draw
/// <see cref="PropensityDraws"/> times from a source derived from the choosing one (so it stays reproducible).
/// </remarks>
public sealed class ThompsonBernoulliPolicy : IBanditPolicy
{
    /// <summary>The default number of draws behind a propensity estimate, 256.</summary>
    public const int DefaultPropensityDraws = 256;

    /// <summary>Creates the policy.</summary>
    /// <param name="priorSuccesses">α of the Beta prior; default 1 (uniform).</param>
    /// <param name="priorFailures">β of the Beta prior; default 1.</param>
    /// <param name="propensityDraws">Draws per propensity estimate, 0 to skip the estimate (propensity reported as NaN); default 256.</param>
    /// <exception cref="ArgumentOutOfRangeException">A prior parameter is not positive and finite, or the draw count is negative.</exception>
    public ThompsonBernoulliPolicy(double priorSuccesses = 1, double priorFailures = 1, int propensityDraws = DefaultPropensityDraws)
    {
        Positive(priorSuccesses, nameof(priorSuccesses));
        Positive(priorFailures, nameof(priorFailures));
        ArgumentOutOfRangeException.ThrowIfNegative(propensityDraws);
        PriorSuccesses = priorSuccesses;
        PriorFailures = priorFailures;
        PropensityDraws = propensityDraws;
    }

    /// <summary>α of the Beta prior.</summary>
    public double PriorSuccesses { get; }

    /// <summary>β of the Beta prior.</summary>
    public double PriorFailures { get; }

    /// <summary>Draws per propensity estimate.</summary>
    public int PropensityDraws { get; }

    /// <inheritdoc/>
    public (int Arm, double Propensity) Choose(ReadOnlySpan<BanditArmState> arms, Random random)
    {
        int arm = Draw(arms, random);
        return (arm, ThompsonPropensity.Estimate(arms, arm, PropensityDraws, random, Draw));
    }

    private int Draw(ReadOnlySpan<BanditArmState> arms, Random random)
    {
        int best = 0;
        double bestDraw = double.NegativeInfinity;
        for (int k = 0; k < arms.Length; k++)
        {
            double successes = Math.Clamp(arms[k].RewardSum, 0, arms[k].Pulls);
            double draw = BetaDistribution.Sample(random, PriorSuccesses + successes, PriorFailures + (arms[k].Pulls - successes));
            if (draw > bestDraw)
            {
                (best, bestDraw) = (k, draw);
            }
        }

        return best;
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
        }
    }
}
