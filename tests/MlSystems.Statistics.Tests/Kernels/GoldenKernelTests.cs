using System.Text.Json;
using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Kernels;

/// <summary>The kernels against numpy and scipy (Data/generate_kernels.py wrote Data/kernels.json).</summary>
public sealed class GoldenKernelTests : IDisposable
{
    private readonly JsonDocument golden = GoldenFile.Json("kernels.json");
    private readonly Dictionary<string, double[]> samples;

    public GoldenKernelTests() => samples = GoldenData.Samples(golden);

    public void Dispose() => golden.Dispose();

    [Fact]
    public void Sum_is_within_the_summation_error_bound_of_the_exact_sum()
    {
        foreach (JsonElement row in golden.RootElement.GetProperty("moments").EnumerateArray())
        {
            double[] x = samples[row.GetProperty("name").GetString()!];
            double exact = row.GetProperty("sum_exact").GetDouble();
            double bound = (x.Length + 2) * Math.Pow(2, -53) * x.Sum(Math.Abs);
            Assert.InRange(SpanStatistics.Sum(x), exact - bound, exact + bound);
        }
    }

    [Fact]
    public void Mean_and_variance_match_numpy()
    {
        foreach (JsonElement row in golden.RootElement.GetProperty("moments").EnumerateArray())
        {
            string name = row.GetProperty("name").GetString()!;
            double[] x = samples[name];
            MeanVarianceResult result = SpanStatistics.MeanVariance(x);
            Assert.Equal(x.Length, result.Count);
            // The mean's rounding error scales with the magnitudes summed, not with the mean, which may be near 0.
            double scale = x.Average(Math.Abs);
            Assert.True(Math.Abs(row.GetProperty("mean").GetDouble() - result.Mean) <= 1e-14 * scale, name);
            Tolerance.AssertClose(row.GetProperty("var_ddof0").GetDouble(), result.PopulationVariance, 1e-12, name);
            if (x.Length > 1)
            {
                Tolerance.AssertClose(row.GetProperty("var_ddof1").GetDouble(), result.SampleVariance, 1e-12, name);
            }
            else
            {
                Assert.True(double.IsNaN(result.SampleVariance));
            }

            MinMaxResult minMax = SpanStatistics.MinMax(x);
            Assert.Equal(row.GetProperty("min").GetDouble(), minMax.Min);
            Assert.Equal(row.GetProperty("max").GetDouble(), minMax.Max);
        }
    }

    [Fact]
    public void Quantiles_match_numpy_linear_bit_for_bit()
    {
        foreach (JsonElement row in golden.RootElement.GetProperty("quantiles").EnumerateArray())
        {
            string name = row.GetProperty("name").GetString()!;
            double[] probabilities = GoldenData.Doubles(row.GetProperty("probabilities"));
            double[] expected = GoldenData.Doubles(row.GetProperty("quantiles"));
            double[] actual = new double[probabilities.Length];
            SpanStatistics.Quantiles(samples[name], probabilities, actual);
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.True(expected[k] == actual[k], $"{name} p={probabilities[k]:R}: numpy {expected[k]:R}, ours {actual[k]:R}");
            }
        }
    }

    [Fact]
    public void Bin_counts_match_numpy_searchsorted_and_bincount()
    {
        JsonElement edgeSets = golden.RootElement.GetProperty("edgeSets");
        foreach (JsonElement row in golden.RootElement.GetProperty("bins").EnumerateArray())
        {
            double[] x = samples[row.GetProperty("sample").GetString()!];
            double[] edges = GoldenData.Doubles(edgeSets.GetProperty(row.GetProperty("edges").GetString()!));
            long[] expected = row.GetProperty("counts").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            long[] actual = new long[edges.Length + 1];
            Assert.Equal(x.Length, SpanStatistics.CountBins(x, edges, actual));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Ecdf_gaps_and_locations_match_scipy_ks_2samp()
    {
        foreach (JsonElement row in golden.RootElement.GetProperty("ecdf").EnumerateArray())
        {
            string first = row.GetProperty("first").GetString()!, second = row.GetProperty("second").GetString()!;
            double[] a = Sorted(samples[first]), b = Sorted(samples[second]);
            EcdfDifference gaps = SpanStatistics.EcdfDifference(a, b);

            JsonElement greater = row.GetProperty("greater"), less = row.GetProperty("less"), two = row.GetProperty("two-sided");
            Assert.Equal(greater.GetProperty("statistic").GetDouble(), gaps.DPlus);
            Assert.Equal(greater.GetProperty("location").GetDouble(), gaps.DPlusLocation);
            Assert.Equal(less.GetProperty("statistic").GetDouble(), gaps.DMinus);
            Assert.Equal(less.GetProperty("location").GetDouble(), gaps.DMinusLocation);
            Assert.Equal(two.GetProperty("statistic").GetDouble(), gaps.Statistic);
        }
    }

    private static double[] Sorted(double[] values)
    {
        double[] copy = (double[])values.Clone();
        SpanStatistics.Sort(copy);
        return copy;
    }
}
