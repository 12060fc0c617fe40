using System.Text.Json;
using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Distributions;

public sealed class TailTests
{
    [Fact]
    public void Chi_squared_tails_match_scipy()
    {
        using JsonDocument golden = GoldenData.Load("tails.json");
        foreach (JsonElement row in golden.RootElement.GetProperty("chi2").EnumerateArray())
        {
            double x = row.GetProperty("x").GetDouble(), dof = row.GetProperty("dof").GetDouble();
            AssertClose(row.GetProperty("sf").GetDouble(), ChiSquaredDistribution.Survival(x, dof), $"sf({x}, {dof})");
            AssertClose(row.GetProperty("cdf").GetDouble(), ChiSquaredDistribution.Cdf(x, dof), $"cdf({x}, {dof})");
        }
    }

    [Fact]
    public void Normal_tails_match_scipy()
    {
        using JsonDocument golden = GoldenData.Load("tails.json");
        foreach (JsonElement row in golden.RootElement.GetProperty("normal").EnumerateArray())
        {
            double z = row.GetProperty("z").GetDouble();
            AssertClose(row.GetProperty("sf").GetDouble(), NormalDistribution.Survival(z), $"sf({z})");
            AssertClose(row.GetProperty("cdf").GetDouble(), NormalDistribution.Cdf(z), $"cdf({z})");
        }

        Assert.Equal(1.0, NormalDistribution.TwoSidedPValue(0));
        Assert.Equal(2 * NormalDistribution.Survival(1.5), NormalDistribution.TwoSidedPValue(-1.5));
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquaredDistribution.Survival(double.NaN, 1)).ParamName);
        Assert.Equal("degreesOfFreedom", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquaredDistribution.Survival(1, 0)).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Survival(double.NaN)).ParamName);
        Assert.Equal(1.0, ChiSquaredDistribution.Survival(0, 3));
        Assert.Equal(0.0, ChiSquaredDistribution.Cdf(-1, 3));
    }

    private static void AssertClose(double expected, double actual, string context) =>
        Assert.True(Math.Abs(expected - actual) <= (1e-12 * Math.Abs(expected)) + 1e-300, $"{context}: scipy {expected:R}, ours {actual:R}");
}
