namespace MlSystems.Features;

/// <summary>What an online-store write did.</summary>
public enum FeatureWriteOutcome
{
    /// <summary>The vector replaced an older one (or was the first).</summary>
    Written,

    /// <summary>The store already holds a vector of the same or a later event time: a late or replayed write never overwrites newer data.</summary>
    Ignored,
}
