namespace MlSystems.Rollout;

/// <summary>A bandit's choice for one request, to be logged with the request for off-policy evaluation.</summary>
/// <param name="Arm">The chosen arm's index.</param>
/// <param name="Version">The chosen arm's model version.</param>
/// <param name="Propensity">The probability with which the policy chose this arm given its state (for inverse propensity weighting).</param>
public readonly record struct BanditChoice(int Arm, string Version, double Propensity);
