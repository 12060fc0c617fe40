using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift;

/// <summary>
/// Base class for a drift test on categorical features. Override <see cref="Evaluate(CategoryCounts, CategoryCounts, double)"/>;
/// the base checks kinds, leaves missing values (null) out — the report counts them separately — and counts the
/// current categories.
/// </summary>
public abstract class CategoricalDriftTest : IDriftTest
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public FeatureKind Kind => FeatureKind.Categorical;

    /// <inheritdoc/>
    public abstract double DefaultThreshold { get; }

    /// <inheritdoc/>
    /// <remarks>False unless overridden: a test that sets <see cref="DriftTestResult.PValue"/> and decides by it overrides this with true.</remarks>
    public virtual bool YieldsPValue => false;

    /// <inheritdoc/>
    public DriftTestResult Evaluate(FeatureProfile reference, FeatureColumn current, double threshold)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ExtensionArguments.RequireKinds(reference, current, FeatureKind.Categorical, Name);
        var counts = new CategoryCounts();
        foreach (string? value in current.CategoricalValues)
        {
            if (value is not null)
            {
                counts.Add(value);
            }
        }

        if (counts.Total == 0)
        {
            throw new FeatureArgumentException(current.Name, $"Feature '{current.Name}': every current value is missing.", nameof(current));
        }

        return Evaluate(reference.Categories!, counts, threshold);
    }

    /// <summary>Computes the test on category counts.</summary>
    /// <param name="reference">Reference counts, not empty.</param>
    /// <param name="current">Current counts, not empty; may hold categories the reference never saw.</param>
    /// <param name="threshold">The threshold to decide with.</param>
    protected abstract DriftTestResult Evaluate(CategoryCounts reference, CategoryCounts current, double threshold);
}
