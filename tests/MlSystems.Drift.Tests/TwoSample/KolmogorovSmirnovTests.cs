using System.Text.Json;
using MlSystems.Statistics;

namespace MlSystems.Drift.Tests.TwoSample;

/// <summary>KolmogorovSmirnov.TwoSample against scipy.stats.ks_2samp (Data/generate_ks.py wrote Data/ks.json).</summary>
public sealed class KolmogorovSmirnovTests : IDisposable
{
    private readonly JsonDocument golden = GoldenFile.Json("ks.json");

    public void Dispose() => golden.Dispose();

    [Fact]
    public void Every_case_matches_scipy_statistic_p_value_location_sign_and_method()
    {
        JsonElement samples = golden.RootElement.GetProperty("samples");
        int checkedCases = 0;
        foreach (JsonElement c in golden.RootElement.GetProperty("cases").EnumerateArray())
        {
            double[] x = Values(samples.GetProperty(c.GetProperty("x").GetString()!));
            double[] y = Values(samples.GetProperty(c.GetProperty("y").GetString()!));
            KsAlternative alternative = c.GetProperty("alternative").GetString() switch
            {
                "greater" => KsAlternative.Greater,
                "less" => KsAlternative.Less,
                _ => KsAlternative.TwoSided,
            };
            KsMethod method = c.GetProperty("method").GetString() switch
            {
                "exact" => KsMethod.Exact,
                "asymp" => KsMethod.Asymptotic,
                _ => KsMethod.Auto,
            };
            string context = $"{c.GetProperty("x").GetString()} {alternative} {method}";

            KsResult result = KolmogorovSmirnov.TwoSample(x, y, alternative, method);

            double statistic = c.GetProperty("statistic").GetDouble();
            Assert.True(Math.Abs(result.Statistic - statistic) <= 1e-12 * statistic, $"{context}: statistic scipy {statistic:R}, ours {result.Statistic:R}");
            double p = c.GetProperty("pvalue").GetDouble();
            Assert.True(Math.Abs(result.PValue - p) <= (1e-7 * p) + 1e-14, $"{context}: p-value scipy {p:R}, ours {result.PValue:R}");
            Assert.Equal(c.GetProperty("location").GetDouble(), result.StatisticLocation);
            Assert.Equal(c.GetProperty("sign").GetInt32(), result.StatisticSign);
            Assert.Equal(c.GetProperty("method_used").GetString() == "exact" ? KsMethod.Exact : KsMethod.Asymptotic, result.Method);
            Assert.Equal(x.Length, result.ReferenceCount);
            Assert.Equal(result.PValue < 0.05, result.Drifted);

            if (c.TryGetProperty("published", out JsonElement published))
            {
                // scipy's own test asserts these to 6 decimals (assert_array_almost_equal).
                Assert.Equal(published.GetProperty("statistic").GetDouble(), result.Statistic, 6);
                Assert.Equal(published.GetProperty("pvalue").GetDouble(), result.PValue, 6);
            }

            checkedCases++;
        }

        Assert.Equal(112, checkedCases);
    }

    [Fact]
    public void A_prepared_sorted_reference_gives_the_same_result()
    {
        var random = new Random(3);
        double[] reference = [.. Enumerable.Range(0, 3000).Select(_ => random.NextDouble())];
        double[] current = [.. Enumerable.Range(0, 2000).Select(_ => random.NextDouble() * 1.05)];
        double[] sorted = (double[])reference.Clone();
        SpanStatistics.Sort(sorted);
        KsResult a = KolmogorovSmirnov.TwoSample(reference, current), b = KolmogorovSmirnov.TwoSampleSorted(sorted, current);
        Assert.Equal((a.Statistic, a.PValue, a.StatisticLocation, a.StatisticSign), (b.Statistic, b.PValue, b.StatisticLocation, b.StatisticSign));
        Assert.Equal("ks", a.ToDriftTestResult().TestName);
    }

    [Fact]
    public void Bad_input_is_refused_by_name()
    {
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([], [1.0])).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([1.0], [double.NaN])).ParamName);
        Assert.Equal("alternative", Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnov.TwoSample([1.0], [2.0], (KsAlternative)9)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnov.TwoSample([1.0], [2.0], alpha: 0)).ParamName);
        Assert.Equal("sortedReference", Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSampleSorted([1.0, double.PositiveInfinity], [2.0])).ParamName);
        Assert.Equal(2, KolmogorovSmirnov.TwoSample([1.0, 2.0], [1.0, double.NaN, 3.0], nanPolicy: NaNPolicy.Omit).CurrentCount);
    }

    private static double[] Values(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
