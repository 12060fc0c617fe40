namespace MlSystems.Registry;

/// <summary>Who moves an alias, why, and with what evidence; recorded in the alias history.</summary>
/// <param name="Actor">Who; null when not given.</param>
/// <param name="Reason">Why; null when not given.</param>
/// <param name="Evidence">The evidence, typically JSON; null when none.</param>
public sealed record AliasChange(string? Actor = null, string? Reason = null, string? Evidence = null);
