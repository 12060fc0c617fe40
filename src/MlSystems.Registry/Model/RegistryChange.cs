namespace MlSystems.Registry;

/// <summary>A change notification, delivered to subscribers of <see cref="IModelRegistry.Changes"/>.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="ModelName">The model.</param>
/// <param name="Version">The version concerned (the alias's new version for a move, its old one for a removal).</param>
/// <param name="Alias">The alias, for alias changes; null otherwise.</param>
public sealed record RegistryChange(RegistryChangeKind Kind, string ModelName, int Version, string? Alias = null);
