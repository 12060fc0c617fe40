namespace MlSystems.Rollout;

/// <summary>How a canary ended, with everything it observed on the way: the evidence a registry records with the alias move.</summary>
/// <param name="Name">The canary's name.</param>
/// <param name="ChampionVersion">The version that served before.</param>
/// <param name="CandidateVersion">The version under test.</param>
/// <param name="State">The terminal state: <see cref="CanaryState.Promoted"/> or <see cref="CanaryState.RolledBack"/>.</param>
/// <param name="At">When it ended.</param>
/// <param name="Reason">Why, in a sentence.</param>
/// <param name="Steps">Every judged step, in order.</param>
public sealed record CanaryOutcome(string Name, string ChampionVersion, string CandidateVersion, CanaryState State, DateTimeOffset At, string Reason, IReadOnlyList<CanaryStepReport> Steps);
