using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>
/// Base class for a drift test on numeric features. Override <see cref="Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>;
/// the base checks kinds, leaves missing values (NaN) out of the current window — the report counts them separately —
/// and hands over the sorted reference sample from the profile.
/// </summary>
/// <remarks>
/// A profile that kept only a KLL sketch (more values than <see cref="ProfileOptions.MaxExactSampleSize"/>) hands over
/// evenly spaced quantiles of the sketch instead. The result then says so: its
/// <see cref="DriftTestResult.ReferenceCount"/> is the number of values the sketch summarises, and its details carry
/// <c>sketchRankError</c> (the sketch's rank error ε as a fraction) and <c>sketchQuantiles</c> (how many quantiles stood
/// in for them); <see cref="FeatureDriftResult.Approximate"/> is then true.
/// </remarks>
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
            ReadOnlySpan<double> sample = reference.ReferenceSample();
            DriftTestResult result = Evaluate(sample, present, threshold);
            return reference.HasExactSample ? result : SketchResult(reference, sample.Length, result);
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

    /// <summary>Marks a result computed on a sketch's quantiles: the true reference size and the sketch's accuracy.</summary>
    private static DriftTestResult SketchResult(FeatureProfile reference, int quantiles, DriftTestResult result)
    {
        var details = new Dictionary<string, double>(result.Details, StringComparer.Ordinal)
        {
            [DriftTestResult.SketchRankErrorDetail] = reference.Sketch!.NormalizedRankError,
            [DriftTestResult.SketchQuantilesDetail] = quantiles,
        };
        return result with { ReferenceCount = reference.Count, Details = details };
    }
}
