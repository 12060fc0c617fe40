namespace MlSystems.Registry;

/// <summary>One entry of an alias's append-only history: a rollback is "move the alias back".</summary>
/// <param name="Alias">The alias.</param>
/// <param name="FromVersion">The version it pointed to before; null when it was unset.</param>
/// <param name="ToVersion">The version it points to after; null when it was removed.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who (a person, a pipeline, a canary); null when not given.</param>
/// <param name="Reason">Why; null when not given.</param>
/// <param name="Evidence">The evidence, typically JSON (a canary analysis, an evaluation report); null when none.</param>
public sealed record AliasMove(string Alias, int? FromVersion, int? ToVersion, DateTimeOffset At, string? Actor, string? Reason, string? Evidence);
