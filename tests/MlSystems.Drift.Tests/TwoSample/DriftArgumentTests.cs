using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift.Tests.TwoSample;

public sealed class DriftArgumentTests
{
    private static readonly double[] Clean = [1, 2, 3, 4, 5];

    [Fact]
    public void Nan_and_infinity_are_refused_naming_the_sample_and_the_count()
    {
        var nan = Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute(Clean, [1, double.NaN, 2]));
        Assert.Equal("current", nan.ParamName);
        Assert.Contains("1 of 3 current values are NaN", nan.Message, StringComparison.Ordinal);
        var inf = Assert.Throws<ArgumentException>(() => Wasserstein.Compute([1, double.PositiveInfinity], Clean));
        Assert.Equal("reference", inf.ParamName);
        Assert.Contains("1 of 2 reference values are infinite", inf.Message, StringComparison.Ordinal);
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => JensenShannon.Compute([], Clean)).ParamName);
    }

    [Fact]
    public void Omit_leaves_nan_out_and_says_so_in_the_counts()
    {
        PsiResult psi = PopulationStabilityIndex.Compute(Clean, [1, double.NaN, 2], new PsiOptions { NaNPolicy = NaNPolicy.Omit });
        Assert.Equal(2, psi.CurrentCount);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => Hellinger.Compute(Clean, [double.NaN], nanPolicy: NaNPolicy.Omit)).ParamName);
    }

    [Fact]
    public void Invalid_options_are_refused_before_any_work()
    {
        Assert.Equal("BinCount", Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute(Clean, Clean, new PsiOptions { BinCount = 1 })).ParamName);
        Assert.Equal("Edges", Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute(Clean, Clean, new PsiOptions { Binning = PsiBinning.ExplicitEdges })).ParamName);
        Assert.Equal("Edges", Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute(Clean, Clean, new PsiOptions { Binning = PsiBinning.ExplicitEdges, Edges = [2, 1] })).ParamName);
        Assert.Equal("Threshold", Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute(Clean, Clean, new PsiOptions { Threshold = 0 })).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquaredTest.Compute(Of("a"), Of("a"), alpha: 1.5)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => LInfinity.Compute(Of("a"), Of("a"), threshold: -1)).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => ChiSquaredTest.Compute(new CategoryCounts(), Of("a"))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoProportionZTest.Compute(5, 4, 1, 10));
        Assert.Equal("logBase", Assert.Throws<ArgumentOutOfRangeException>(() => JensenShannon.Distance([1.0], [1.0], logBase: 1)).ParamName);
        Assert.Equal("q", Assert.Throws<ArgumentException>(() => Hellinger.Distance([1.0, 1.0], [1.0])).ParamName);
    }

    [Fact]
    public void Psi_against_prepared_bins_equals_psi_from_the_samples_and_validates()
    {
        double[] reference = [.. Enumerable.Range(0, 1000).Select(i => Math.Sin(i) * 10)];
        double[] current = [.. Enumerable.Range(0, 700).Select(i => (Math.Cos(i) * 10) + 1)];
        PsiResult full = PopulationStabilityIndex.Compute(reference, current);
        double[] edges = [.. full.Edges];
        long[] counts = new long[edges.Length + 1];
        SpanStatistics.CountBins(reference, edges, counts);
        PsiResult prepared = PopulationStabilityIndex.ComputeAgainstBins(edges, counts, current);
        Assert.Equal(full.Value, prepared.Value);
        Assert.Equal("referenceCounts", Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.ComputeAgainstBins(edges, counts.AsSpan(1), current)).ParamName);
        Assert.Equal("referenceCounts", Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.ComputeAgainstBins(edges, new long[counts.Length], current)).ParamName);
    }

    [Fact]
    public void Identical_samples_do_not_drift_and_constant_samples_are_handled()
    {
        Assert.False(PopulationStabilityIndex.Compute(Clean, Clean).Drifted);
        Assert.Equal(0, PopulationStabilityIndex.Compute(Clean, Clean).Value);
        double[] constant = [3, 3, 3, 3];
        Assert.Equal(0, Wasserstein.Compute(constant, constant).Statistic);
        Assert.Equal(double.PositiveInfinity, Wasserstein.Compute(constant, [4.0]).Statistic);
        Assert.Equal(0, PopulationStabilityIndex.Compute(constant, constant, new PsiOptions { Binning = PsiBinning.EqualWidth }).Value);
        Assert.Equal(1.0, ChiSquaredTest.Compute(Of("a"), Of("a", "a")).PValue);
        Assert.Equal(1.0, TwoProportionZTest.Compute(0, 10, 0, 20).PValue);
    }

    private static CategoryCounts Of(params string[] values)
    {
        var counts = new CategoryCounts();
        foreach (string v in values)
        {
            counts.Add(v);
        }

        return counts;
    }
}
