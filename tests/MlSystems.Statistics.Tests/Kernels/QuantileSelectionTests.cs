using MlSystems.Statistics.Sorting;

namespace MlSystems.Statistics.Tests.Kernels;

/// <summary>Large samples select their order statistics instead of sorting; the answers must not change.</summary>
public sealed class QuantileSelectionTests
{
    private static readonly double[] Probabilities = [0, 1e-6, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.999999, 1, 1.0 / 3];

    private static readonly string[] ShapeNames = ["normal", "lognormal", "uniform-wide", "integers", "constant", "two-values", "signed-zeros", "cauchy", "overflowing-range", "subnormal"];

    /// <summary>Every shape below and above the length (2¹⁸) at which selection splits its passes over two threads.</summary>
    public static TheoryData<string, int> Shapes
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (int length in (int[])[100_003, 300_001])
            {
                foreach (string shape in ShapeNames)
                {
                    data.Add(shape, length);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Selection_equals_the_sorted_quantiles_bit_for_bit(string shape, int length)
    {
        var random = new Random(shape.Length);
        double[] x = [.. Enumerable.Range(0, length).Select(i => shape switch
        {
            "normal" => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()),
            "lognormal" => Math.Exp(4 * random.NextDouble()),
            "uniform-wide" => (random.NextDouble() - 0.5) * 1e300,
            "integers" => random.Next(-50, 50),
            "constant" => 7.0,
            "two-values" => random.Next(2) * 1e-300,
            "cauchy" => Math.Tan(Math.PI * (random.NextDouble() - 0.5)),
            "overflowing-range" => (random.NextDouble() - 0.5) * double.MaxValue * 1.9,
            "subnormal" => random.Next(-1000, 1000) * double.Epsilon,
            _ => i % 2 == 0 ? 0.0 : -0.0,
        })];
        double[] sorted = (double[])x.Clone();
        Array.Sort(sorted);
        double[] expected = new double[Probabilities.Length], actual = new double[Probabilities.Length];
        SpanStatistics.QuantilesOfSorted(sorted, Probabilities, expected);
        SpanStatistics.Quantiles(x, Probabilities, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Selection_reports_when_the_wanted_buckets_are_too_full()
    {
        double[] x = [.. Enumerable.Repeat(1.0, 50_000)];
        Assert.False(BucketSelect.TrySelect(x, [10, 20], new double[2], 1.0, 1.0));
        double[] spread = [.. Enumerable.Range(0, 50_000).Select(i => (double)i)];
        double[] result = new double[2];
        Assert.True(BucketSelect.TrySelect(spread, [10, 49_999], result, 0, 49_999));
        Assert.Equal([10.0, 49_999.0], result);
    }

    [Fact]
    public void Selection_rejects_nan_with_the_count_and_omits_it_on_request()
    {
        double[] x = [.. Enumerable.Range(0, 40_000).Select(i => i % 1000 == 0 ? double.NaN : i)];
        Assert.Contains("40 of 40000 values are NaN", Assert.Throws<ArgumentException>(() => SpanStatistics.Quantiles(x, [0.5], new double[1])).Message, StringComparison.Ordinal);
        double[] median = new double[1];
        SpanStatistics.Quantiles(x, [0.5], median, NaNPolicy.Omit);
        double[] clean = [.. x.Where(v => !double.IsNaN(v))];
        Assert.Equal(SpanStatistics.QuantileOfSorted(clean, 0.5), median[0]);
    }
}
