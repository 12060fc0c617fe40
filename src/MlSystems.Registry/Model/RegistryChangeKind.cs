namespace MlSystems.Registry;

/// <summary>What changed in a registry.</summary>
public enum RegistryChangeKind
{
    /// <summary>A new version was registered.</summary>
    VersionRegistered,

    /// <summary>An alias was set or moved.</summary>
    AliasMoved,

    /// <summary>An alias was removed.</summary>
    AliasRemoved,

    /// <summary>A version was archived.</summary>
    VersionArchived,

    /// <summary>A version was deleted.</summary>
    VersionDeleted,
}
