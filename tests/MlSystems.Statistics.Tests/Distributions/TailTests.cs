using System.Text.Json;

namespace MlSystems.Statistics.Tests.Distributions;

public sealed class TailTests
{
    [Fact]
    public void Chi_squared_tails_match_scipy()
    {
        using JsonDocument golden = GoldenFile.Json("tails.json");
        foreach (JsonElement row in golden.RootElement.GetProperty("chi2").EnumerateArray())
        {
            double x = row.GetProperty("x").GetDouble(), dof = row.GetProperty("dof").GetDouble();
            Tolerance.AssertClose(row.GetProperty("sf").GetDouble(), ChiSquaredDistribution.Survival(x, dof), 1e-12, 1e-300, $"sf({x}, {dof})");
            Tolerance.AssertClose(row.GetProperty("cdf").GetDouble(), ChiSquaredDistribution.Cdf(x, dof), 1e-12, 1e-300, $"cdf({x}, {dof})");
        }
    }

    [Fact]
    public void Chi_squared_quantiles_match_scipy()
    {
        using JsonDocument golden = GoldenFile.Json("tails.json");
        int rows = 0;
        foreach (JsonElement row in golden.RootElement.GetProperty("chi2_quantiles").EnumerateArray())
        {
            double p = row.GetProperty("p").GetDouble(), dof = row.GetProperty("dof").GetDouble();
            Tolerance.AssertClose(row.GetProperty("ppf").GetDouble(), ChiSquaredDistribution.Quantile(p, dof), 1e-12, 1e-300, $"ppf({p}, {dof})");
            rows++;
        }

        Assert.Equal(54, rows);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquaredDistribution.Quantile(1, 3)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquaredDistribution.Quantile(double.NaN, 3)).ParamName);
        Assert.Equal("degreesOfFreedom", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquaredDistribution.Quantile(0.5, -1)).ParamName);
    }

    [Fact]
    public void Normal_tails_match_scipy()
    {
        using JsonDocument golden = GoldenFile.Json("tails.json");
        foreach (JsonElement row in golden.RootElement.GetProperty("normal").EnumerateArray())
        {
            double z = row.GetProperty("z").GetDouble();
            Tolerance.AssertClose(row.GetProperty("sf").GetDouble(), NormalDistribution.Survival(z), 1e-12, 1e-300, $"sf({z})");
            Tolerance.AssertClose(row.GetProperty("cdf").GetDouble(), NormalDistribution.Cdf(z), 1e-12, 1e-300, $"cdf({z})");
        }

        Assert.Equal(1.0, NormalDistribution.TwoSidedPValue(0));
        Assert.Equal(2 * NormalDistribution.Survival(1.5), NormalDistribution.TwoSidedPValue(-1.5));
    }

    [Fact]
    public void Normal_quantiles_match_scipy()
    {
        using JsonDocument golden = GoldenFile.Json("tails.json");
        int rows = 0;
        foreach (JsonElement row in golden.RootElement.GetProperty("normal_quantiles").EnumerateArray())
        {
            double p = row.GetProperty("p").GetDouble();
            Tolerance.AssertClose(row.GetProperty("ppf").GetDouble(), NormalDistribution.Quantile(p), 1e-13, 1e-300, $"ppf({p})");
            rows++;
        }

        Assert.Equal(17, rows);
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), (NormalDistribution.Quantile(0), NormalDistribution.Quantile(1)));
    }

    [Fact]
    public void Student_t_tails_and_quantiles_match_scipy()
    {
        using JsonDocument golden = GoldenFile.Json("tails.json");
        int tails = 0, quantiles = 0;
        foreach (JsonElement row in golden.RootElement.GetProperty("student_t").EnumerateArray())
        {
            double dof = row.GetProperty("dof").GetDouble();
            if (row.TryGetProperty("t", out JsonElement t))
            {
                Tolerance.AssertClose(row.GetProperty("cdf").GetDouble(), StudentTDistribution.Cdf(t.GetDouble(), dof), 1e-11, 1e-300, $"cdf({t}, {dof})");
                Tolerance.AssertClose(row.GetProperty("sf").GetDouble(), StudentTDistribution.Survival(t.GetDouble(), dof), 1e-11, 1e-300, $"sf({t}, {dof})");
                tails++;
            }
            else
            {
                double p = row.GetProperty("p").GetDouble();
                // Against the root of scipy's t.cdf (its t.ppf stops at about 1e-8; Data/generate_tails.py), and within that of t.ppf.
                double quantile = StudentTDistribution.Quantile(p, dof);
                Tolerance.AssertClose(row.GetProperty("ppf_refined").GetDouble(), quantile, 1e-11, 1e-300, $"ppf({p}, {dof}) refined");
                Tolerance.AssertClose(row.GetProperty("ppf").GetDouble(), quantile, 1e-7, 1e-15, $"ppf({p}, {dof})");
                quantiles++;
            }
        }

        Assert.Equal((72, 64), (tails, quantiles));
    }

    [Fact]
    public void Binomial_lower_tail_matches_scipy()
    {
        using JsonDocument golden = GoldenFile.Json("tails.json");
        int rows = 0;
        foreach (JsonElement row in golden.RootElement.GetProperty("binomial").EnumerateArray())
        {
            (long k, int n, double p) = (row.GetProperty("k").GetInt64(), row.GetProperty("n").GetInt32(), row.GetProperty("p").GetDouble());
            Tolerance.AssertClose(row.GetProperty("cdf").GetDouble(), BinomialDistribution.Cdf(k, n, p), 1e-10, 1e-300, $"cdf({k}, {n}, {p})");
            rows++;
        }

        Assert.True(rows >= 36, $"{rows} rows");
        Assert.Equal((0.0, 1.0), (BinomialDistribution.Cdf(-1, 10, 0.5), BinomialDistribution.Cdf(10, 10, 0.5)));
    }

    [Fact]
    public void Samplers_draw_what_Math_NET_draws_for_the_same_seed()
    {
        // The bandits' seeded behaviour must not change by going through the wrappers.
        var a = new Random(3);
        var b = new Random(3);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(MathNet.Numerics.Distributions.Normal.Sample(a, 2, 0.5), NormalDistribution.Sample(b, 2, 0.5));
            Assert.Equal(MathNet.Numerics.Distributions.Beta.Sample(a, 3, 7), BetaDistribution.Sample(b, 3, 7));
        }
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquaredDistribution.Survival(double.NaN, 1)).ParamName);
        Assert.Equal("degreesOfFreedom", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquaredDistribution.Survival(1, 0)).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Survival(double.NaN)).ParamName);
        Assert.Equal(1.0, ChiSquaredDistribution.Survival(0, 3));
        Assert.Equal(0.0, ChiSquaredDistribution.Cdf(-1, 3));
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Quantile(1.5)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => StudentTDistribution.Quantile(double.NaN, 3)).ParamName);
        Assert.Equal("degreesOfFreedom", Assert.Throws<ArgumentOutOfRangeException>(() => StudentTDistribution.Cdf(1, 0)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => StudentTDistribution.Cdf(double.NaN, 3)).ParamName);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialDistribution.Cdf(1, 10, -0.1)).ParamName);
        Assert.Equal("trials", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialDistribution.Cdf(1, -1, 0.5)).ParamName);
        Assert.Equal("standardDeviation", Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Sample(new Random(1), 0, -1)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => BetaDistribution.Sample(new Random(1), 1, 0)).ParamName);
    }
}
