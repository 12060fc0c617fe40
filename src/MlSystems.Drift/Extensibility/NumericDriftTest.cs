using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>
/// Base class for a drift test on numeric features. Override <see cref="Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>;
/// the base checks kinds, leaves missing values (NaN) out of the current window — the report counts them separately —
/// and hands over the sorted reference sample from the profile.
/// </summary>
public abstract class NumericDriftTest : IDriftTest
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public FeatureKind Kind => FeatureKind.Numeric;

    /// <inheritdoc/>
    public abstract double DefaultThreshold { get; }

    /// <inheritdoc/>
    /// <remarks>False unless overridden: a test that sets <see cref="DriftTestResult.PValue"/> and decides by it overrides this with true.</remarks>
    public virtual bool YieldsPValue => false;

    /// <inheritdoc/>
    public virtual DriftTestResult Evaluate(FeatureProfile reference, FeatureColumn current, double threshold)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ExtensionArguments.RequireKinds(reference, current, FeatureKind.Numeric, Name);
        ReadOnlySpan<double> values = current.NumericValues.Span;
        if (SpanStatistics.CountNonFinite(values).NaN == values.Length)
        {
            throw new FeatureArgumentException(current.Name, $"Feature '{current.Name}': every current value is missing.", nameof(current));
        }

        ReadOnlySpan<double> present = SampleGuard.Finite(values, nameof(current), NaNPolicy.Omit, out double[]? rented);
        try
        {
            return Evaluate(reference.ReferenceSample(), present, threshold);
        }
        finally
        {
            SampleGuard.Return(rented);
        }
    }

    /// <summary>Computes the test on plain samples.</summary>
    /// <param name="sortedReference">The reference sample, ascending, finite, non-empty.</param>
    /// <param name="current">The current sample without missing values, non-empty, in any order.</param>
    /// <param name="threshold">The threshold to decide with.</param>
    protected abstract DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold);
}
