namespace MlSystems.ML;

/// <summary>The row type ML.NET sees for a feature set: its vector as single-precision floats, and a label.</summary>
public sealed class FeatureRow
{
    /// <summary>The feature vector (the feature set's columns, in order).</summary>
    public float[] Features { get; set; } = [];

    /// <summary>The label; false for rows served without one.</summary>
    public bool Label { get; set; }
}
