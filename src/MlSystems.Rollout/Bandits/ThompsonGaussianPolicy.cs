using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Thompson sampling for real-valued rewards with known noise: each arm's mean has a normal posterior from a
/// N(prior mean, prior variance) prior and rewards of variance σ²; one draw per arm, the largest wins.
/// </summary>
/// <remarks>
/// <para>
/// The propensity is the exact probability that the draw picks the chosen arm, ∫ fₖ ∏_{j≠k} Fⱼ over the arms' normal
/// posteriors, computed by quadrature to an absolute error below 1e-10 (checked against scipy) and floored at 1e-12 so
/// an inverse propensity weight stays finite. It is computed once per distinct set of arm states and reused until a
/// reward changes them: a decision on unchanged states costs the draw and one comparison.
/// </para>
/// <para>Thread-safe; the draws come only from the random source passed in, so a seeded run reproduces exactly.</para>
/// </remarks>
public sealed class ThompsonGaussianPolicy : IBanditPolicy
{
    private readonly ThompsonPropensity propensity = new();
    private readonly Func<BanditArmState[], ArmPosteriors> posteriors;

    /// <summary>Creates the policy.</summary>
    /// <param name="priorMean">The prior mean of every arm; default 0.</param>
    /// <param name="priorVariance">The prior variance of every arm's mean; default 1.</param>
    /// <param name="rewardVariance">σ², the variance of one reward around its arm's mean; default 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A variance is not positive and finite, or the mean is not finite.</exception>
    public ThompsonGaussianPolicy(double priorMean = 0, double priorVariance = 1, double rewardVariance = 1)
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

        PriorMean = priorMean;
        PriorVariance = priorVariance;
        RewardVariance = rewardVariance;
        posteriors = Posteriors;
    }

    /// <summary>The prior mean.</summary>
    public double PriorMean { get; }

    /// <summary>The prior variance of an arm's mean.</summary>
    public double PriorVariance { get; }

    /// <summary>The variance of one reward.</summary>
    public double RewardVariance { get; }

    /// <inheritdoc/>
    public (int Arm, double Propensity) Choose(ReadOnlySpan<BanditArmState> arms, Random random)
    {
        int arm = Draw(arms, random);
        return (arm, propensity.Of(arms, arm, posteriors));
    }

    private NormalArmPosteriors Posteriors(BanditArmState[] arms)
    {
        var mean = new double[arms.Length];
        var deviation = new double[arms.Length];
        for (int k = 0; k < arms.Length; k++)
        {
            (mean[k], deviation[k]) = Parameters(arms[k]);
        }

        return new NormalArmPosteriors(mean, deviation);
    }

    // Conjugate update: precisions add, the mean is the precision-weighted average.
    private (double Mean, double Deviation) Parameters(BanditArmState arm)
    {
        double precision = (1 / PriorVariance) + (arm.Pulls / RewardVariance);
        double mean = ((PriorMean / PriorVariance) + (arm.RewardSum / RewardVariance)) / precision;
        return (mean, Math.Sqrt(1 / precision));
    }

    private int Draw(ReadOnlySpan<BanditArmState> arms, Random random)
    {
        int best = 0;
        double bestDraw = double.NegativeInfinity;
        for (int k = 0; k < arms.Length; k++)
        {
            (double mean, double deviation) = Parameters(arms[k]);
            double draw = NormalDistribution.Sample(random, mean, deviation);
            if (draw > bestDraw)
            {
                (best, bestDraw) = (k, draw);
            }
        }

        return best;
    }
}
