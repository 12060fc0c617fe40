namespace MlSystems.Drift;

/// <summary>
/// A drift test the per-feature report can run by name: the extension point for custom tests. Derive from
/// <see cref="NumericDriftTest"/> or <see cref="CategoricalDriftTest"/> rather than implementing this directly; they
/// handle missing values and hand over plain samples.
/// </summary>
public interface IDriftTest
{
    /// <summary>The name the report and its overrides use; unique per <see cref="Kind"/>, lowercase by convention.</summary>
    string Name { get; }

    /// <summary>The kind of feature the test applies to.</summary>
    FeatureKind Kind { get; }

    /// <summary>The threshold used when the options give none: a significance level for p-value tests, a cut-off otherwise.</summary>
    double DefaultThreshold { get; }

    /// <summary>
    /// Whether the test decides by a p-value, so its thresholds are significance levels in (0, 1) and the report's
    /// multiple-testing correction applies to it; false (a distance with a cut-off) unless the test says otherwise.
    /// </summary>
    bool YieldsPValue => false;

    /// <summary>Tests the current column against the feature's reference profile.</summary>
    /// <param name="reference">The reference profile of the feature (same kind as the test).</param>
    /// <param name="current">The current column (same kind as the test).</param>
    /// <param name="threshold">The threshold to decide with.</param>
    /// <exception cref="ArgumentException">The column holds no usable values, or the kinds do not match.</exception>
    DriftTestResult Evaluate(FeatureProfile reference, FeatureColumn current, double threshold);
}
