namespace MlSystems.Statistics;

/// <summary>
/// Count, mean and sum of squared deviations of a sample, as returned by
/// <see cref="SpanStatistics.MeanVariance(ReadOnlySpan{double}, NaNPolicy)"/>.
/// </summary>
/// <param name="Count">The number of values the result describes (NaN values left out under <see cref="NaNPolicy.Omit"/> are not counted).</param>
/// <param name="Mean">The arithmetic mean.</param>
/// <param name="SumOfSquaredDeviations">Σ (x − mean)², the second central moment times <paramref name="Count"/>.</param>
public readonly record struct MeanVarianceResult(long Count, double Mean, double SumOfSquaredDeviations)
{
    /// <summary>The population variance, Σ (x − mean)² / n (numpy's <c>var</c> with <c>ddof=0</c>).</summary>
    public double PopulationVariance => SumOfSquaredDeviations / Count;

    /// <summary>
    /// The sample variance, Σ (x − mean)² / (n − 1) (numpy's <c>var</c> with <c>ddof=1</c>);
    /// <see cref="double.NaN"/> when <see cref="Count"/> is 1, since one value says nothing about spread.
    /// </summary>
    public double SampleVariance => Count > 1 ? SumOfSquaredDeviations / (Count - 1) : double.NaN;

    /// <summary>The sample standard deviation, √<see cref="SampleVariance"/>.</summary>
    public double SampleStandardDeviation => Math.Sqrt(SampleVariance);
}
