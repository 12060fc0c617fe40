namespace MlSystems.Statistics.Tests.Kernels;

public sealed class ArgumentValidationTests
{
    private static readonly double[] WithNaN = [1, double.NaN, 2, 3, double.NaN, double.NaN];

    [Fact]
    public void Nan_is_rejected_by_default_with_the_count()
    {
        AssertNaNRejected(() => SpanStatistics.Sum(WithNaN));
        AssertNaNRejected(() => SpanStatistics.MeanVariance(WithNaN));
        AssertNaNRejected(() => SpanStatistics.MinMax(WithNaN));
        AssertNaNRejected(() => SpanStatistics.CountBins(WithNaN, [1.5], new long[2]));
        AssertNaNRejected(() => SpanStatistics.Quantiles(WithNaN, [0.5], new double[1]));
    }

    [Fact]
    public void Omit_leaves_nan_out()
    {
        Assert.Equal(6, SpanStatistics.Sum(WithNaN, NaNPolicy.Omit));
        MeanVarianceResult moments = SpanStatistics.MeanVariance(WithNaN, NaNPolicy.Omit);
        Assert.Equal((3L, 2.0, 2.0), (moments.Count, moments.Mean, moments.SumOfSquaredDeviations));
        Assert.Equal(new MinMaxResult(1, 3), SpanStatistics.MinMax(WithNaN, NaNPolicy.Omit));
        long[] counts = new long[2];
        Assert.Equal(3, SpanStatistics.CountBins(WithNaN, [1.5], counts, NaNPolicy.Omit));
        Assert.Equal([1L, 2L], counts);
        double[] median = new double[1];
        SpanStatistics.Quantiles(WithNaN, [0.5], median, NaNPolicy.Omit);
        Assert.Equal(2, median[0]);
    }

    [Fact]
    public void Rejected_bin_counting_leaves_the_counts_unchanged()
    {
        long[] counts = [5, 7];
        Assert.Throws<ArgumentException>(() => SpanStatistics.CountBins(WithNaN, [1.5], counts));
        Assert.Equal([5L, 7L], counts);
    }

    [Fact]
    public void Counts_accumulate_across_calls()
    {
        long[] counts = new long[3];
        SpanStatistics.CountBins([0.5, 1.5, 2.5], [1, 2], counts);
        SpanStatistics.CountBins([2.5, 2], [1, 2], counts);
        Assert.Equal([1L, 1L, 3L], counts);
    }

    [Fact]
    public void Empty_and_all_nan_samples_are_refused_where_the_statistic_needs_values()
    {
        Assert.Equal(0, SpanStatistics.Sum([]));
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => SpanStatistics.MeanVariance(ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => SpanStatistics.MinMax([])).ParamName);
        Assert.Contains("Every value is NaN", Assert.Throws<ArgumentException>(() => SpanStatistics.MeanVariance([double.NaN], NaNPolicy.Omit)).Message, StringComparison.Ordinal);
        Assert.Equal("sortedValues", Assert.Throws<ArgumentException>(() => SpanStatistics.QuantileOfSorted([], 0.5)).ParamName);
        Assert.Equal("sortedSecond", Assert.Throws<ArgumentException>(() => SpanStatistics.EcdfDifference([1.0], [])).ParamName);
    }

    [Fact]
    public void Infinite_values_make_moments_undefined_and_say_so()
    {
        var error = Assert.Throws<ArgumentException>(() => SpanStatistics.MeanVariance([1, double.PositiveInfinity, 2]));
        Assert.Contains("1 of 3 values are infinite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_edges_counts_and_probabilities_are_named()
    {
        Assert.Equal("edges", Assert.Throws<ArgumentException>(() => SpanStatistics.CountBins([1.0], [2, 1], new long[3])).ParamName);
        Assert.Equal("edges", Assert.Throws<ArgumentException>(() => SpanStatistics.CountBins([1.0], [1, 1], new long[3])).ParamName);
        Assert.Equal("edges", Assert.Throws<ArgumentException>(() => SpanStatistics.CountBins([1.0], [double.NaN], new long[2])).ParamName);
        Assert.Equal("counts", Assert.Throws<ArgumentException>(() => SpanStatistics.CountBins([1.0], [1, 2], new long[2])).ParamName);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => SpanStatistics.QuantileOfSorted([1.0], 1.5)).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentOutOfRangeException>(() => SpanStatistics.QuantilesOfSorted([1.0], [double.NaN], new double[1])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => SpanStatistics.QuantilesOfSorted([1.0], [0.5, 0.6], new double[1])).ParamName);
        Assert.Equal("nanPolicy", Assert.Throws<ArgumentOutOfRangeException>(() => SpanStatistics.Sum([1.0], (NaNPolicy)7)).ParamName);
        Assert.Equal("sortedValues", Assert.Throws<ArgumentException>(() => SpanStatistics.QuantileOfSorted([1.0, double.NaN], 0.5)).ParamName);
    }

    [Fact]
    public void Moments_of_a_shifted_sample_keep_their_precision()
    {
        // The textbook one-pass formula loses every digit here; the chunked two-pass kernel keeps them.
        double[] x = Enumerable.Range(0, 10_000).Select(i => 1e9 + (i % 4)).ToArray();
        MeanVarianceResult moments = SpanStatistics.MeanVariance(x);
        Assert.Equal(1e9 + 1.5, moments.Mean);
        Assert.Equal(1.25, moments.PopulationVariance, 12);
    }

    private static void AssertNaNRejected(Action action)
    {
        var error = Assert.Throws<ArgumentException>(action);
        Assert.Equal("values", error.ParamName);
        Assert.Contains("3 of 6 values are NaN", error.Message, StringComparison.Ordinal);
    }
}
