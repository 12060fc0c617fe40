namespace MlSystems.Rollout;

/// <summary>ε-greedy: with probability ε a uniformly random arm, otherwise the arm with the best mean reward (ties to the lowest index).</summary>
public sealed class EpsilonGreedyPolicy : IBanditPolicy
{
    /// <summary>The default exploration rate, 0.1.</summary>
    public const double DefaultEpsilon = 0.1;

    /// <summary>Creates the policy.</summary>
    /// <param name="epsilon">The exploration rate in [0, 1]; default 0.1.</param>
    /// <exception cref="ArgumentOutOfRangeException">ε is outside [0, 1].</exception>
    public EpsilonGreedyPolicy(double epsilon = DefaultEpsilon)
    {
        RolloutArguments.Probability(epsilon, nameof(epsilon), allowZero: true, allowOne: true);
        Epsilon = epsilon;
    }

    /// <summary>The exploration rate.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public (int Arm, double Propensity) Choose(ReadOnlySpan<BanditArmState> arms, Random random)
    {
        int best = 0;
        for (int k = 1; k < arms.Length; k++)
        {
            if (arms[k].MeanReward > arms[best].MeanReward)
            {
                best = k;
            }
        }

        double explore = Epsilon / arms.Length;
        int arm = random.NextDouble() < Epsilon ? random.Next(arms.Length) : best;
        return (arm, arm == best ? 1 - Epsilon + explore : explore);
    }
}
