using MlSystems.Statistics.Summaries;

namespace MlSystems.Statistics.Tests.Kernels;

/// <summary>NaNPolicy.Propagate: NaN flows into numeric results and is refused where values are counted or ordered.</summary>
public sealed class PropagateTests
{
    private static readonly double[] WithNaN = [1, 2, double.NaN, 4];

    [Fact]
    public void Numeric_results_become_nan()
    {
        Assert.True(double.IsNaN(SpanStatistics.Sum(WithNaN, NaNPolicy.Propagate)));
        MeanVarianceResult moments = SpanStatistics.MeanVariance(WithNaN, NaNPolicy.Propagate);
        Assert.Equal(4, moments.Count);
        Assert.True(double.IsNaN(moments.Mean) && double.IsNaN(moments.SumOfSquaredDeviations));
        Assert.True(double.IsNaN(SpanStatistics.MeanVariance([1.0, double.PositiveInfinity], NaNPolicy.Propagate).Mean));
        MinMaxResult extremes = SpanStatistics.MinMax(WithNaN, NaNPolicy.Propagate);
        Assert.True(double.IsNaN(extremes.Min) && double.IsNaN(extremes.Max));
        double[] quantiles = new double[2];
        SpanStatistics.Quantiles(WithNaN, [0.25, 0.5], quantiles, NaNPolicy.Propagate);
        Assert.All(quantiles, q => Assert.True(double.IsNaN(q)));
    }

    [Fact]
    public void Clean_input_is_unaffected()
    {
        double[] clean = [1, 2, 3, 4];
        Assert.Equal(SpanStatistics.Sum(clean), SpanStatistics.Sum(clean, NaNPolicy.Propagate));
        Assert.Equal(SpanStatistics.MeanVariance(clean), SpanStatistics.MeanVariance(clean, NaNPolicy.Propagate));
        double[] a = new double[1], b = new double[1];
        SpanStatistics.Quantiles(clean, [0.3], a);
        SpanStatistics.Quantiles(clean, [0.3], b, NaNPolicy.Propagate);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Counting_and_ordering_refuse_it_by_name()
    {
        Assert.Equal("nanPolicy", Assert.Throws<ArgumentOutOfRangeException>(() => SpanStatistics.CountBins(WithNaN, [1.5], new long[2], NaNPolicy.Propagate)).ParamName);
        Assert.Equal("nanPolicy", Assert.Throws<ArgumentOutOfRangeException>(() => SpanStatistics.Sort(new double[3], NaNPolicy.Propagate)).ParamName);
        Assert.Equal("nanPolicy", Assert.Throws<ArgumentOutOfRangeException>(() => new KllSketch().Add(WithNaN, NaNPolicy.Propagate)).ParamName);
        Assert.Equal("nanPolicy", Assert.Throws<ArgumentOutOfRangeException>(() => new RunningMoments().Add(WithNaN, NaNPolicy.Propagate)).ParamName);
    }
}
