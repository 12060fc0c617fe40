using System.Text.Json;
using MlSystems.Rollout.Tests.Support;

namespace MlSystems.Rollout.Tests.Experiments;

/// <summary>The fixed-horizon tests against scipy (Data/generate_rollout.py).</summary>
public sealed class ExperimentStatisticsTests
{
    [Fact]
    public void Welch_matches_scipy()
    {
        foreach (JsonElement c in Golden.Cases("welch"))
        {
            var control = new ArmSummary(c.GetProperty("n1").GetInt64(), c.GetProperty("mean1").GetDouble(), c.GetProperty("var1").GetDouble());
            var treatment = new ArmSummary(c.GetProperty("n2").GetInt64(), c.GetProperty("mean2").GetDouble(), c.GetProperty("var2").GetDouble());
            EffectTestResult result = ExperimentStatistics.Welch(control, treatment);
            Tolerance.AssertClose(c.GetProperty("t").GetDouble(), result.Statistic, 1e-12, 1e-15, "t");
            Tolerance.AssertClose(c.GetProperty("df").GetDouble(), result.DegreesOfFreedom, 1e-12, 0, "df");
            // Math.NET's Student t is accurate to about 1e-10 absolute at non-integer degrees of freedom.
            Tolerance.AssertClose(c.GetProperty("p").GetDouble(), result.PValue, 1e-9, 1e-10, "p");
            Tolerance.AssertClose(c.GetProperty("lower").GetDouble(), result.Lower, 5e-9, 1e-10, "lower");
            Tolerance.AssertClose(c.GetProperty("upper").GetDouble(), result.Upper, 5e-9, 1e-10, "upper");
            Assert.Equal(result.PValue < 0.05, result.Significant);
        }
    }

    [Fact]
    public void Sample_ratio_mismatch_matches_scipy_chisquare()
    {
        foreach (JsonElement c in Golden.Cases("srm"))
        {
            long[] observed = [.. c.GetProperty("observed").EnumerateArray().Select(e => e.GetInt64())];
            double[] shares = [.. c.GetProperty("shares").EnumerateArray().Select(e => e.GetDouble())];
            SampleRatioResult result = ExperimentStatistics.SampleRatioMismatch(observed, shares);
            Tolerance.AssertClose(c.GetProperty("chi").GetDouble(), result.ChiSquared, 1e-12, 1e-15, "chi");
            Tolerance.AssertClose(c.GetProperty("p").GetDouble(), result.PValue, 1e-9, 1e-14, "p");
            Assert.Equal(result.PValue < 0.001, result.Mismatch);
        }
    }

    [Fact]
    public void Two_proportions_match_the_pooled_z_test()
    {
        foreach (JsonElement c in Golden.Cases("proportions"))
        {
            EffectTestResult result = ExperimentStatistics.TwoProportion(c.GetProperty("x1").GetInt64(), c.GetProperty("n1").GetInt64(), c.GetProperty("x2").GetInt64(), c.GetProperty("n2").GetInt64());
            Tolerance.AssertClose(c.GetProperty("z").GetDouble(), result.Statistic, 1e-12, 1e-15, "z");
            Tolerance.AssertClose(c.GetProperty("p").GetDouble(), result.PValue, 1e-9, 1e-14, "p");
            Tolerance.AssertClose(c.GetProperty("lower").GetDouble(), result.Lower, 1e-9, 1e-12, "lower");
            Tolerance.AssertClose(c.GetProperty("upper").GetDouble(), result.Upper, 1e-9, 1e-12, "upper");
        }
    }

    [Fact]
    public void Sign_test_matches_scipy_binomtest()
    {
        foreach (JsonElement c in Golden.Cases("sign"))
        {
            Tolerance.AssertClose(c.GetProperty("p").GetDouble(), TeamDraftInterleaving.SignTest(c.GetProperty("a").GetInt64(), c.GetProperty("b").GetInt64()), 1e-9, 1e-14, "sign");
        }
    }

    [Fact]
    public void A_mismatched_split_is_flagged()
    {
        // 50/50 configured, 51.5/48.5 observed over 20 000 users: a broken assignment, p ≈ 2e-5.
        Assert.True(ExperimentStatistics.SampleRatioMismatch([10_300, 9_700], [50, 50]).Mismatch);
        Assert.False(ExperimentStatistics.SampleRatioMismatch([10_050, 9_950], [50, 50]).Mismatch);
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        Assert.Equal("expectedShares", Assert.Throws<ArgumentException>(() => ExperimentStatistics.SampleRatioMismatch([1, 2], [1])).ParamName);
        Assert.Equal("expectedShares", Assert.Throws<ArgumentException>(() => ExperimentStatistics.SampleRatioMismatch([1, 2], [1, 0])).ParamName);
        Assert.Equal("observed", Assert.Throws<ArgumentException>(() => ExperimentStatistics.SampleRatioMismatch([1, -2], [1, 1])).ParamName);
        Assert.Equal("observed", Assert.Throws<ArgumentException>(() => ExperimentStatistics.SampleRatioMismatch([0, 0], [1, 1])).ParamName);
        Assert.Equal("controlTotal", Assert.Throws<ArgumentException>(() => ExperimentStatistics.TwoProportion(5, 0, 1, 10)).ParamName);
        Assert.Equal("treatmentTotal", Assert.Throws<ArgumentException>(() => ExperimentStatistics.TwoProportion(5, 10, 11, 10)).ParamName);
        Assert.Equal("control", Assert.Throws<ArgumentException>(() => ExperimentStatistics.Welch(new ArmSummary(1, 0, 0), new ArmSummary(5, 0, 1))).ParamName);
        Assert.Equal("treatment", Assert.Throws<ArgumentException>(() => ExperimentStatistics.Welch(new ArmSummary(5, 0, 1), new ArmSummary(5, double.NaN, 1))).ParamName);
        Assert.Equal("treatment", Assert.Throws<ArgumentException>(() => ExperimentStatistics.Welch(new ArmSummary(5, 0, 0), new ArmSummary(5, 1, 0))).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => ExperimentStatistics.TwoProportion(1, 10, 1, 10, alpha: 1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => ArmSummary.FromProportion(11, 10));
    }
}
