namespace MlSystems.Rollout;

/// <summary>One shadowed request's outcome.</summary>
/// <param name="Outcome">Agreement, disagreement, failure or time-out.</param>
/// <param name="PrimaryLatency">The primary's latency as the host reported it.</param>
/// <param name="ChallengerLatency">The challenger's latency (up to the time-out).</param>
/// <param name="Exception">The challenger's exception when it failed.</param>
public readonly record struct ShadowResult(ShadowOutcome Outcome, TimeSpan PrimaryLatency, TimeSpan ChallengerLatency, Exception? Exception);
