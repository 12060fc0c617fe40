namespace MlSystems.Drift;

/// <summary>The Population Stability Index of a current sample against a reference, with the per-bin shares behind it.</summary>
public sealed class PsiResult
{
    internal PsiResult(double value, double[] edges, double[] referenceShares, double[] currentShares, long referenceCount, long currentCount, double threshold, PsiBinning binning)
    {
        Value = value;
        Edges = edges;
        ReferenceShares = referenceShares;
        CurrentShares = currentShares;
        ReferenceCount = referenceCount;
        CurrentCount = currentCount;
        Threshold = threshold;
        Binning = binning;
    }

    /// <summary>PSI = Σ (ref − cur)·ln(ref / cur) over the bins, after the empty-bin floor.</summary>
    public double Value { get; }

    /// <summary>
    /// The inner bin edges (k edges, k + 1 bins, outer bins open); for one-bin-per-value binning, the distinct values
    /// themselves, bin j holding exactly <c>Edges[j]</c>.
    /// </summary>
    public IReadOnlyList<double> Edges { get; }

    /// <summary>The reference share per bin, after an empty bin's share was floored (so the shares may add up to slightly more than 1).</summary>
    public IReadOnlyList<double> ReferenceShares { get; }

    /// <summary>The current share per bin, after an empty bin's share was floored.</summary>
    public IReadOnlyList<double> CurrentShares { get; }

    /// <summary>The number of reference values.</summary>
    public long ReferenceCount { get; }

    /// <summary>The number of current values.</summary>
    public long CurrentCount { get; }

    /// <summary>The threshold of the decision.</summary>
    public double Threshold { get; }

    /// <summary>The binning strategy that produced the bins.</summary>
    public PsiBinning Binning { get; }

    /// <summary>True when <see cref="Value"/> ≥ <see cref="Threshold"/>.</summary>
    public bool Drifted => Value >= Threshold;

    /// <summary>This result in the common form the drift report uses; the effect size is the PSI itself.</summary>
    public DriftTestResult ToDriftTestResult() => new()
    {
        TestName = DriftTestNames.PopulationStabilityIndex,
        Statistic = Value,
        EffectSize = Value,
        ReferenceCount = ReferenceCount,
        CurrentCount = CurrentCount,
        Threshold = Threshold,
    };
}
