namespace MlSystems.Rollout.Tests.Canary.Sizing;

/// <summary>How one simulated canary ended: its state, its last action, how long it ran, and why.</summary>
internal sealed record SimulatedCanary(CanaryState State, CanaryAction LastAction, TimeSpan Elapsed, string Reason);
