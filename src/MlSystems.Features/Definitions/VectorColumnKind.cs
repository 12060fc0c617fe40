namespace MlSystems.Features;

/// <summary>How a feature is computed.</summary>
public enum VectorColumnKind
{
    /// <summary>From the current event alone (a transformed value).</summary>
    Row,

    /// <summary>One column of a one-hot or hashed categorical encoding of the current event.</summary>
    Categorical,

    /// <summary>An aggregation over the entity's earlier events in a window.</summary>
    Window,
}
