using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Thompson sampling for real-valued rewards with known noise: each arm's mean has a normal posterior from a
/// N(prior mean, prior variance) prior and rewards of variance σ²; one draw per arm, the largest wins.
/// </summary>
public sealed class ThompsonGaussianPolicy : IBanditPolicy
{
    /// <summary>Creates the policy.</summary>
    /// <param name="priorMean">The prior mean of every arm; default 0.</param>
    /// <param name="priorVariance">The prior variance of every arm's mean; default 1.</param>
    /// <param name="rewardVariance">σ², the variance of one reward around its arm's mean; default 1.</param>
    /// <param name="propensityDraws">Draws per propensity estimate, 0 to skip it; default 256.</param>
    /// <exception cref="ArgumentOutOfRangeException">A variance is not positive and finite, the mean is not finite, or the draw count is negative.</exception>
    public ThompsonGaussianPolicy(double priorMean = 0, double priorVariance = 1, double rewardVariance = 1, int propensityDraws = ThompsonBernoulliPolicy.DefaultPropensityDraws)
    {
        if (!double.IsFinite(priorMean))
        {
            throw new ArgumentOutOfRangeException(nameof(priorMean), priorMean, "The prior mean must be finite.");
        }

        if (!(priorVariance > 0) || !double.IsFinite(priorVariance))
        {
            throw new ArgumentOutOfRangeException(nameof(priorVariance), priorVariance, "The prior variance must be positive and finite.");
        }

        if (!(rewardVariance > 0) || !double.IsFinite(rewardVariance))
        {
            throw new ArgumentOutOfRangeException(nameof(rewardVariance), rewardVariance, "The reward variance must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(propensityDraws);
        PriorMean = priorMean;
        PriorVariance = priorVariance;
        RewardVariance = rewardVariance;
        PropensityDraws = propensityDraws;
    }

    /// <summary>The prior mean.</summary>
    public double PriorMean { get; }

    /// <summary>The prior variance of an arm's mean.</summary>
    public double PriorVariance { get; }

    /// <summary>The variance of one reward.</summary>
    public double RewardVariance { get; }

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
            // Conjugate update: precisions add, the mean is the precision-weighted average.
            double precision = (1 / PriorVariance) + (arms[k].Pulls / RewardVariance);
            double mean = ((PriorMean / PriorVariance) + (arms[k].RewardSum / RewardVariance)) / precision;
            double draw = NormalDistribution.Sample(random, mean, Math.Sqrt(1 / precision));
            if (draw > bestDraw)
            {
                (best, bestDraw) = (k, draw);
            }
        }

        return best;
    }
}
