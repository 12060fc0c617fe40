namespace MlSystems.Registry;

/// <summary>A search over registered versions; every given criterion must hold.</summary>
public sealed record ModelQuery
{
    /// <summary>Only models whose name starts with this (ordinal); null for all.</summary>
    public string? NamePrefix { get; init; }

    /// <summary>Only versions carrying this tag key; null for any.</summary>
    public string? TagKey { get; init; }

    /// <summary>With <see cref="TagKey"/>: only versions whose tag has this value; null for any value.</summary>
    public string? TagValue { get; init; }

    /// <summary>Only the version this alias points to; null for any.</summary>
    public string? Alias { get; init; }

    /// <summary>Whether archived versions are included; default false.</summary>
    public bool IncludeArchived { get; init; }
}
