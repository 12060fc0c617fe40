namespace MlSystems.Rollout;

/// <summary>A bandit policy: chooses an arm from the arms' states and says with what probability it did so.</summary>
/// <remarks>Implementations must be stateless or thread-safe: a <see cref="Bandit"/> calls them concurrently, each call with its own random source.</remarks>
public interface IBanditPolicy
{
    /// <summary>Chooses an arm.</summary>
    /// <param name="arms">The arms' current states (at least one).</param>
    /// <param name="random">The seeded random source to draw from.</param>
    /// <returns>The arm and its propensity in (0, 1].</returns>
    (int Arm, double Propensity) Choose(ReadOnlySpan<BanditArmState> arms, Random random);
}
