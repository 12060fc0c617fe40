namespace MlSystems.Rollout;

/// <summary>What a bandit knows about one arm: pulls and the sum and sum of squares of their rewards.</summary>
/// <param name="Pulls">Rewards recorded for the arm.</param>
/// <param name="RewardSum">Their sum.</param>
/// <param name="RewardSumOfSquares">The sum of their squares (for Gaussian rewards).</param>
public readonly record struct BanditArmState(long Pulls, double RewardSum, double RewardSumOfSquares)
{
    /// <summary>The mean reward, 0 before the first pull.</summary>
    public double MeanReward => Pulls > 0 ? RewardSum / Pulls : 0;

    /// <summary>This state with one more reward.</summary>
    public BanditArmState With(double reward) => new(Pulls + 1, RewardSum + reward, RewardSumOfSquares + (reward * reward));
}
