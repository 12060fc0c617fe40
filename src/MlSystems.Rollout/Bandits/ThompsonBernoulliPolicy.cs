using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Thompson sampling for 0/1 rewards: each arm's success rate has a Beta(α + successes, β + failures) posterior; one
/// draw per arm, the largest wins. Rewards other than 0 and 1 count fractionally.
/// </summary>
/// <remarks>
/// <para>
/// The propensity is the exact probability that the draw picks the chosen arm, ∫ fₖ ∏_{j≠k} Fⱼ over the arms' Beta
/// posteriors, computed by quadrature to an absolute error below 1e-10 (checked against scipy) and floored at 1e-12 so
/// an inverse propensity weight stays finite. It is computed once per distinct set of arm states and reused until a
/// reward changes them: a decision on unchanged states costs the draw and one comparison. The cost of a recomputation
/// grows with the square of the arm count (tens of microseconds for a few arms).
/// </para>
/// <para>Thread-safe; the draws come only from the random source passed in, so a seeded run reproduces exactly.</para>
/// </remarks>
public sealed class ThompsonBernoulliPolicy : IBanditPolicy
{
    private readonly ThompsonPropensity propensity = new();
    private readonly Func<BanditArmState[], ArmPosteriors> posteriors;

    /// <summary>Creates the policy.</summary>
    /// <param name="priorSuccesses">α of the Beta prior, at least <see cref="MinimumPrior"/> and finite; default 1 (uniform).</param>
    /// <param name="priorFailures">β of the Beta prior, at least <see cref="MinimumPrior"/> and finite; default 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A prior parameter is below <see cref="MinimumPrior"/> or not finite.</exception>
    public ThompsonBernoulliPolicy(double priorSuccesses = 1, double priorFailures = 1)
    {
        AtLeastMinimum(priorSuccesses, nameof(priorSuccesses));
        AtLeastMinimum(priorFailures, nameof(priorFailures));
        PriorSuccesses = priorSuccesses;
        PriorFailures = priorFailures;
        posteriors = Posteriors;
    }

    /// <summary>
    /// The smallest prior parameter, 0.1. Below β ≈ 0.06 a posterior without failures piles so much of its mass within
    /// 1e-300 of 1 that no double-precision computation resolves which arm's draw is the largest there; α is held to the
    /// same bound, success and failure being symmetric (Jeffreys' 0.5 and the uniform 1 are well inside).
    /// </summary>
    public const double MinimumPrior = 0.1;

    /// <summary>α of the Beta prior.</summary>
    public double PriorSuccesses { get; }

    /// <summary>β of the Beta prior.</summary>
    public double PriorFailures { get; }

    /// <inheritdoc/>
    public (int Arm, double Propensity) Choose(ReadOnlySpan<BanditArmState> arms, Random random)
    {
        int arm = Draw(arms, random);
        return (arm, propensity.Of(arms, arm, posteriors));
    }

    private BetaArmPosteriors Posteriors(BanditArmState[] arms)
    {
        var alpha = new double[arms.Length];
        var beta = new double[arms.Length];
        for (int k = 0; k < arms.Length; k++)
        {
            (alpha[k], beta[k]) = Parameters(arms[k]);
        }

        return new BetaArmPosteriors(alpha, beta);
    }

    // Rewards outside [0, 1] in total are clamped so the posterior stays a Beta: successes never exceed pulls.
    private (double Alpha, double Beta) Parameters(BanditArmState arm)
    {
        double successes = Math.Clamp(arm.RewardSum, 0, arm.Pulls);
        return (PriorSuccesses + successes, PriorFailures + (arm.Pulls - successes));
    }

    private int Draw(ReadOnlySpan<BanditArmState> arms, Random random)
    {
        int best = 0;
        double bestDraw = double.NegativeInfinity;
        for (int k = 0; k < arms.Length; k++)
        {
            (double alpha, double beta) = Parameters(arms[k]);
            double draw = BetaDistribution.Sample(random, alpha, beta);
            if (draw > bestDraw)
            {
                (best, bestDraw) = (k, draw);
            }
        }

        return best;
    }

    private static void AtLeastMinimum(double value, string name)
    {
        if (!(value >= MinimumPrior) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {MinimumPrior} and finite.");
        }
    }
}
