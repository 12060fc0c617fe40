namespace MlSystems.Rollout;

/// <summary>One step of a canary plan: the candidate's share of traffic and how much evidence the step needs.</summary>
/// <param name="Percentage">The candidate's share of keys during the step, in (0, 100].</param>
/// <param name="MinimumDuration">The least time the step runs before it can pass.</param>
/// <param name="MinimumSamples">The least number of candidate observations before the step can pass.</param>
/// <param name="MaximumDuration">
/// The most time the step may stay inconclusive; past it the canary rolls back. Null for no limit.
/// </param>
public sealed record CanaryStep(double Percentage, TimeSpan MinimumDuration, long MinimumSamples, TimeSpan? MaximumDuration = null);
