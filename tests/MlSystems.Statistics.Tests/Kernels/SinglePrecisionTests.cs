using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Kernels;

public sealed class SinglePrecisionTests
{
    [Fact]
    public void Float_overloads_equal_the_double_kernels_on_widened_values()
    {
        foreach (int length in new[] { 1, 7, 300, 5000, 70_001 })
        {
            float[] x = TestInputs.Finite(length, length).Select(v => (float)v).ToArray();
            double[] wide = x.Select(v => (double)v).ToArray();
            Assert.Equal(SpanStatistics.MeanVariance(wide), SpanStatistics.MeanVariance(x));

            double[] edges = [-3, -0.5, 0, 1.5f, 100];
            long[] expected = new long[6], actual = new long[6];
            SpanStatistics.CountBins(wide, edges, expected);
            Assert.Equal(length, SpanStatistics.CountBins(x, edges, actual));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Float_nan_is_rejected_with_the_count_and_leaves_counts_unchanged()
    {
        float[] x = [1f, float.NaN, 2f];
        long[] counts = [4, 4];
        var error = Assert.Throws<ArgumentException>(() => SpanStatistics.CountBins(x, [1.5], counts));
        Assert.Contains("1 of 3 values are NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal([4L, 4L], counts);
        Assert.Equal(2, SpanStatistics.CountBins(x, [1.5], counts, NaNPolicy.Omit));
        Assert.Equal(1.5, SpanStatistics.MeanVariance(x, NaNPolicy.Omit).Mean);
    }
}
