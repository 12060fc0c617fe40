namespace MlSystems.Rollout;

/// <summary>
/// UCB1 (Auer, Cesa-Bianchi and Fischer): every arm once, then the arm maximising mean + √(2 ln N / nₖ). Deterministic,
/// so the propensity of its choice is 1. Rewards are assumed to lie in [0, 1].
/// </summary>
public sealed class Ucb1Policy : IBanditPolicy
{
    /// <inheritdoc/>
    public (int Arm, double Propensity) Choose(ReadOnlySpan<BanditArmState> arms, Random random)
    {
        long total = 0;
        for (int k = 0; k < arms.Length; k++)
        {
            if (arms[k].Pulls == 0)
            {
                return (k, 1);
            }

            total += arms[k].Pulls;
        }

        double logTotal = Math.Log(total);
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int k = 0; k < arms.Length; k++)
        {
            double score = arms[k].MeanReward + Math.Sqrt(2 * logTotal / arms[k].Pulls);
            if (score > bestScore)
            {
                (best, bestScore) = (k, score);
            }
        }

        return (best, 1);
    }
}
