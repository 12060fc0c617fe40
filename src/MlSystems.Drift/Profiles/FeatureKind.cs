namespace MlSystems.Drift;

/// <summary>Whether a feature holds numbers or categories; it decides which drift tests apply.</summary>
public enum FeatureKind
{
    /// <summary>Real-valued (counts and amounts included).</summary>
    Numeric = 0,

    /// <summary>Labels compared by ordinal string equality.</summary>
    Categorical = 1,
}
