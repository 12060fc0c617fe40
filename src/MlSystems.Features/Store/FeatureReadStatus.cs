namespace MlSystems.Features;

/// <summary>What an online-store read found.</summary>
public enum FeatureReadStatus
{
    /// <summary>A vector younger than the maximum age: written to the destination.</summary>
    Fresh,

    /// <summary>A vector older than the maximum age: written to the destination, but the caller should not trust it blindly.</summary>
    Stale,

    /// <summary>No vector for the entity: the destination is untouched.</summary>
    Missing,
}
