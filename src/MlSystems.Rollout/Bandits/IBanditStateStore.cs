namespace MlSystems.Rollout;

/// <summary>Where a bandit keeps its arms' states, so several hosts can share them or a restart can resume.</summary>
public interface IBanditStateStore
{
    /// <summary>Copies the states of bandit <paramref name="bandit"/>'s arms to <paramref name="destination"/> (one per arm; unseen arms are zero).</summary>
    void Read(string bandit, Span<BanditArmState> destination);

    /// <summary>Records one reward for an arm atomically.</summary>
    void Record(string bandit, int arm, double reward);
}
