using FsCheck.Xunit;
using MlSystems.Statistics.Sorting;
using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Kernels;

public sealed class SortTests
{
    [Fact]
    public void Sort_agrees_with_Array_Sort_across_the_small_input_threshold_and_beyond()
    {
        int[] lengths = [0, 1, 2, 3, 17, 300, RadixSort.SmallInputThreshold, RadixSort.SmallInputThreshold + 1, 5000, 70_001];
        foreach (int length in lengths)
        {
            double[] x = TestInputs.Mixed(length, length, specials: false);
            double[] expected = (double[])x.Clone();
            Array.Sort(expected);
            Assert.Equal(length, SpanStatistics.Sort(x));
            Assert.Equal(expected, x);
            AssertOrdered(x);
        }
    }

    [Fact]
    public void Sort_orders_infinities_and_signed_zeros_totally()
    {
        foreach (int length in new[] { 50, 5000 })
        {
            double[] x = TestInputs.Mixed(length, 99, specials: true).Where(v => !double.IsNaN(v)).ToArray();
            SpanStatistics.Sort(x);
            AssertOrdered(x);
            int lastNegativeZero = Array.FindLastIndex(x, v => v == 0 && double.IsNegative(v));
            int firstPositiveZero = Array.FindIndex(x, v => v == 0 && !double.IsNegative(v));
            Assert.True(lastNegativeZero < firstPositiveZero || lastNegativeZero == -1);
        }
    }

    [Fact]
    public void Omit_moves_every_nan_to_the_end_and_reports_the_rest()
    {
        foreach (int length in new[] { 10, 300, 10_000 })
        {
            double[] x = TestInputs.Mixed(length, 5, specials: true);
            x[0] = -double.NaN;
            int nan = x.Count(double.IsNaN);
            int kept = SpanStatistics.Sort(x, NaNPolicy.Omit);
            Assert.Equal(length - nan, kept);
            Assert.All(x[kept..], v => Assert.True(double.IsNaN(v)));
            AssertOrdered(x.AsSpan(0, kept).ToArray());
        }
    }

    [Fact]
    public void Reject_throws_with_the_count_and_leaves_the_input_untouched()
    {
        double[] x = [3, double.NaN, 1, double.NaN, 2];
        double[] before = (double[])x.Clone();
        var error = Assert.Throws<ArgumentException>(() => SpanStatistics.Sort(x));
        Assert.Equal("values", error.ParamName);
        Assert.Contains("2 of 5 values are NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, x);
    }

    [Fact]
    public void Integer_valued_data_skips_constant_digits_and_still_sorts()
    {
        var random = new Random(7);
        double[] x = Enumerable.Range(0, 20_000).Select(_ => (double)random.Next(-1000, 1000)).ToArray();
        double[] expected = (double[])x.Clone();
        Array.Sort(expected);
        SpanStatistics.Sort(x);
        Assert.Equal(expected, x);
    }

    [Property(MaxTest = 200)]
    public bool Sort_is_an_ordered_permutation(double[] values)
    {
        double[] x = values.Where(v => !double.IsNaN(v)).ToArray();
        double[] expected = (double[])x.Clone();
        Array.Sort(expected);
        SpanStatistics.Sort(x);
        return expected.SequenceEqual(x);
    }

    private static void AssertOrdered(double[] x)
    {
        for (int i = 1; i < x.Length; i++)
        {
            Assert.True(x[i - 1] <= x[i], $"position {i}: {x[i - 1]:R} > {x[i]:R}");
        }
    }
}
