using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>
/// The Population Stability Index, PSI = Σ (ref − cur)·ln(ref / cur) over bins of the value axis: how far the current
/// distribution has moved from the reference, a credit-scoring standard now common in model monitoring.
/// </summary>
/// <remarks>
/// <para>Default binning: 10 bins whose 9 inner edges are the reference's quantiles at 0.1 … 0.9 (numpy's default
/// linear interpolation); x falls in bin j when edge_j ≤ x &lt; edge_j+1 and the outer bins are open to ±∞, so no
/// value is lost. Repeated quantiles (a reference with ties) collapse into one edge, which changes no PSI value: a bin
/// between equal edges is empty on both sides and contributes nothing.</para>
/// <para>Empty bins: a share of 0 becomes 1e-4, or (smallest non-zero share)/1e6 when that share is ≤ 1e-4, each side
/// separately, without renormalising — Evidently's rule, so <see cref="PsiOptions.EvidentlyCompatible"/> reproduces its
/// numbers.</para>
/// </remarks>
public static class PopulationStabilityIndex
{
    private static readonly PsiOptions Default = new();

    /// <summary>The PSI of <paramref name="current"/> against <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference sample (training data, or a known-good window); finite values.</param>
    /// <param name="current">The current sample; finite values.</param>
    /// <param name="options">Binning, threshold and NaN policy; null for the defaults (reference deciles, threshold 0.1).</param>
    /// <returns>The PSI with its bins and shares and the decision against the threshold.</returns>
    /// <exception cref="ArgumentException">
    /// A sample is empty or holds ±∞, or NaN under <see cref="NaNPolicy.Reject"/>; or <paramref name="options"/> is invalid.
    /// </exception>
    public static PsiResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, PsiOptions? options = null)
    {
        options ??= Default;
        options.Validate();
        if (SampleGuard.Propagates(reference, options.NaNPolicy) || SampleGuard.Propagates(current, options.NaNPolicy))
        {
            return new PsiResult(double.NaN, [], [], [], reference.Length, current.Length, options.Threshold, options.Binning);
        }

        ReadOnlySpan<double> r = SampleGuard.Finite(reference, nameof(reference), options.NaNPolicy, out double[]? rentedReference);
        ReadOnlySpan<double> c = SampleGuard.Finite(current, nameof(current), options.NaNPolicy, out double[]? rentedCurrent);
        try
        {
            HistogramPair bins = HistogramPair.Build(r, c, options.Binning, options.BinCount, options.Edges);
            return Build(bins.Edges, bins.ReferenceCounts, bins.ReferenceTotal, bins.CurrentCounts, bins.CurrentTotal, options.Threshold, options.Binning);
        }
        finally
        {
            SampleGuard.Return(rentedReference);
            SampleGuard.Return(rentedCurrent);
        }
    }

    /// <summary>
    /// The PSI of <paramref name="current"/> against prepared reference bins, as a reference profile keeps them: one SIMD
    /// counting pass over <paramref name="current"/>, no access to the reference data.
    /// </summary>
    /// <param name="edges">The inner edges the reference was binned with.</param>
    /// <param name="referenceCounts">The reference count per bin (edges.Length + 1 bins).</param>
    /// <param name="current">The current sample.</param>
    /// <param name="threshold">The decision threshold; default 0.1.</param>
    /// <param name="nanPolicy">What to do with NaN in <paramref name="current"/>.</param>
    /// <exception cref="ArgumentException">Counts and edges disagree, the reference is empty, or the current sample is invalid.</exception>
    public static PsiResult ComputeAgainstBins(ReadOnlySpan<double> edges, ReadOnlySpan<long> referenceCounts, ReadOnlySpan<double> current, double threshold = PsiOptions.DefaultThreshold, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        DriftArguments.ValidateThreshold(threshold);
        if (referenceCounts.Length != edges.Length + 1)
        {
            throw new ArgumentException($"{edges.Length} edges need {edges.Length + 1} reference counts, not {referenceCounts.Length}.", nameof(referenceCounts));
        }

        long referenceTotal = 0;
        foreach (long count in referenceCounts)
        {
            referenceTotal += count >= 0 ? count : throw new ArgumentException("Reference counts cannot be negative.", nameof(referenceCounts));
        }

        if (referenceTotal == 0)
        {
            throw new ArgumentException("The reference counts are all zero.", nameof(referenceCounts));
        }

        if (SampleGuard.Propagates(current, nanPolicy))
        {
            return new PsiResult(double.NaN, edges.ToArray(), [], [], referenceTotal, current.Length, threshold, PsiBinning.ExplicitEdges);
        }

        long[] currentCounts = new long[referenceCounts.Length];

        // Propagate found nothing to propagate, so counting may reject as usual.
        long currentTotal = SpanStatistics.CountBins(current, edges, currentCounts, nanPolicy == NaNPolicy.Propagate ? NaNPolicy.Reject : nanPolicy);
        if (currentTotal == 0)
        {
            throw new ArgumentException("The current sample is empty.", nameof(current));
        }

        return Build(edges.ToArray(), referenceCounts, referenceTotal, currentCounts, currentTotal, threshold, PsiBinning.ExplicitEdges);
    }

    /// <summary>
    /// The PSI of current bin counts against reference bin counts on the same edges: what <see cref="ComputeAgainstBins"/>
    /// computes after counting, for counts gathered elsewhere (several hosts' histograms merged: integer counts add
    /// exactly, so the PSI equals, bit for bit, the PSI of all their values counted in one place).
    /// </summary>
    /// <param name="edges">The inner edges both were binned with.</param>
    /// <param name="referenceCounts">The reference count per bin (edges.Length + 1 bins).</param>
    /// <param name="currentCounts">The current count per bin (edges.Length + 1 bins).</param>
    /// <param name="threshold">The decision threshold; default 0.1.</param>
    /// <exception cref="ArgumentException">A count array has the wrong length or a negative count, or either side is all zeros.</exception>
    public static PsiResult ComputeFromCounts(ReadOnlySpan<double> edges, ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, double threshold = PsiOptions.DefaultThreshold)
    {
        DriftArguments.ValidateThreshold(threshold);
        long referenceTotal = Total(edges, referenceCounts, nameof(referenceCounts));
        long currentTotal = Total(edges, currentCounts, nameof(currentCounts));
        return Build(edges.ToArray(), referenceCounts, referenceTotal, currentCounts, currentTotal, threshold, PsiBinning.ExplicitEdges);
    }

    private static long Total(ReadOnlySpan<double> edges, ReadOnlySpan<long> counts, string paramName)
    {
        if (counts.Length != edges.Length + 1)
        {
            throw new ArgumentException($"{edges.Length} edges need {edges.Length + 1} counts, not {counts.Length}.", paramName);
        }

        long total = 0;
        foreach (long count in counts)
        {
            total = count >= 0 ? checked(total + count) : throw new ArgumentException("Counts cannot be negative.", paramName);
        }

        return total > 0 ? total : throw new ArgumentException("The counts are all zero.", paramName);
    }

    /// <summary>Σ (ref − cur)·ln(ref / cur) over floored shares.</summary>
    internal static double Index(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> currentShares)
    {
        double psi = 0;
        for (int j = 0; j < referenceShares.Length; j++)
        {
            double r = referenceShares[j], c = currentShares[j];
            psi += (r - c) * Math.Log(r / c);
        }

        return psi;
    }

    private static PsiResult Build(double[] edges, ReadOnlySpan<long> referenceCounts, long referenceTotal, ReadOnlySpan<long> currentCounts, long currentTotal, double threshold, PsiBinning binning)
    {
        double[] referenceShares = ShareFloor.Shares(referenceCounts, referenceTotal);
        double[] currentShares = ShareFloor.Shares(currentCounts, currentTotal);
        return new PsiResult(Index(referenceShares, currentShares), edges, referenceShares, currentShares, referenceTotal, currentTotal, threshold, binning);
    }
}
