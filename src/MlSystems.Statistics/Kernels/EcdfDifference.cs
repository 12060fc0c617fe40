namespace MlSystems.Statistics;

/// <summary>
/// The largest gaps between the empirical distribution functions F₁ and F₂ of two samples, and where they occur,
/// as returned by <see cref="SpanStatistics.EcdfDifference(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.
/// </summary>
/// <remarks>
/// The gaps are evaluated at every observed value, as scipy's <c>ks_2samp</c> does, and the locations follow its
/// tie rule: among values where a gap is reached, a value of the first sample is preferred to one of the second, and
/// within a sample the smallest value is taken.
/// </remarks>
/// <param name="DPlus">max (F₁(x) − F₂(x)) over the observed values; never negative.</param>
/// <param name="DPlusLocation">The observed value where <paramref name="DPlus"/> is reached.</param>
/// <param name="DMinus">max (F₂(x) − F₁(x)) over the observed values, clipped to [0, 1].</param>
/// <param name="DMinusLocation">The observed value where <paramref name="DMinus"/> is reached.</param>
public readonly record struct EcdfDifference(double DPlus, double DPlusLocation, double DMinus, double DMinusLocation)
{
    /// <summary>The supremum distance max |F₁ − F₂|, the two-sided Kolmogorov–Smirnov statistic.</summary>
    public double Statistic => Math.Max(DPlus, DMinus);
}
