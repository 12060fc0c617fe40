using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift.Tests.Reports;

/// <summary>Failure modes found in review: each must end in a clear error, or not happen, and leave state intact.</summary>
public sealed class ReviewRegressionTests
{
    [Fact]
    public void A_failing_feature_surfaces_as_an_argument_exception_naming_it_not_an_aggregate()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(300, 1));
        DriftDataset current = ReportData.Make(300, 2);
        var allMissing = new DriftDataset(current.Columns.Select(c => c.Name == "score" ? FeatureColumn.Numeric("score", Enumerable.Repeat(double.NaN, 300).ToArray()) : c));
        var error = Assert.Throws<ArgumentException>(() => DriftReport.Compute(profile, allMissing));
        Assert.Contains("'score'", error.Message, StringComparison.Ordinal);

        var infinite = new DriftDataset(current.Columns.Select(c => c.Name == "age" ? FeatureColumn.Numeric("age", [.. Enumerable.Repeat(1.0, 299), double.PositiveInfinity]) : c));
        Assert.Contains("'age'", Assert.Throws<ArgumentException>(() => DriftReport.Compute(profile, infinite)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_are_checked_against_the_kind_of_test()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(100, 1));
        DriftDataset current = ReportData.Make(100, 2);
        Assert.Equal("Thresholds", Assert.Throws<ArgumentException>(() => DriftReport.Compute(profile, current, new DriftReportOptions { Thresholds = new Dictionary<string, double> { ["ks"] = 5 } })).ParamName);
        Assert.Equal("Thresholds", Assert.Throws<ArgumentException>(() => DriftReport.Compute(profile, current, new DriftReportOptions { Thresholds = new Dictionary<string, double> { ["psi"] = 0 } })).ParamName);
        Assert.Equal("Features", Assert.Throws<ArgumentException>(() => DriftReport.Compute(profile, current, new DriftReportOptions { Features = new Dictionary<string, FeatureDriftOptions> { ["age"] = new() { Test = "ks", Threshold = 1.5 } } })).ParamName);
        Assert.Equal("MinimumEffectSizes", Assert.Throws<ArgumentException>(() => DriftReport.Compute(profile, current, new DriftReportOptions { MinimumEffectSizes = new Dictionary<string, double> { ["ks"] = -1 } })).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => profile.Find("age")!.TestPsi([1.0], threshold: 0)).ParamName);
        Assert.Equal("BinCount", Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute([1.0, 2], [1.0], new PsiOptions { BinCount = 1_000_000 })).ParamName);
    }

    [Fact]
    public void A_refused_profile_merge_changes_nothing()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(400, 1));
        string before = profile.ToJson();
        ReferenceProfile otherK = ReferenceProfile.Fit(ReportData.Make(400, 2), new ProfileOptions { SketchK = 100 }, sharedEdgesFrom: profile);
        Assert.Contains("different k", Assert.Throws<ArgumentException>(() => profile.Merge(otherK)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => profile.Merge(profile));
        Assert.Equal(before, profile.ToJson());
    }

    [Fact]
    public void Corrections_leave_nan_p_values_out()
    {
        double?[] adjusted = DriftReport.Adjust([0.01, double.NaN, 0.04], MultipleTestingCorrection.Holm);
        Assert.Equal(0.02, adjusted[0]!.Value, 12);
        Assert.True(double.IsNaN(adjusted[1]!.Value));
        Assert.Equal(0.04, adjusted[2]!.Value, 12);
    }

    [Fact]
    public void A_sketch_merged_with_itself_doubles_its_counts_and_stays_consistent()
    {
        var sketch = new KllSketch();
        sketch.Add([.. Enumerable.Range(0, 5000).Select(i => (double)i)]);
        sketch.Merge(sketch);
        Assert.Equal(10_000, sketch.Count);
        KllSketch back = KllSketch.FromJson(sketch.ToJson());
        Assert.Equal(sketch.ToJson(), back.ToJson());
        Assert.InRange(sketch.Quantile(0.5), 2500 - 200, 2500 + 200);
    }

    [Fact]
    public void Moments_that_overflow_are_refused_and_leave_the_summary_unchanged()
    {
        var moments = new RunningMoments();
        moments.Add([1.0, 2.0]);
        string before = moments.ToJson();
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => moments.Add([1e200, -1e200])).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => moments.Add(1e300)).ParamName);
        Assert.Equal(before, moments.ToJson());
    }

    [Fact]
    public void Kswin_after_reset_replays_like_a_new_detector()
    {
        var random = new Random(4);
        double[] stream = [.. Enumerable.Range(0, 600).Select(i => random.NextDouble() + (i > 300 ? 1 : 0))];
        var used = new Kswin();
        foreach (double x in stream)
        {
            used.Update(x);
        }

        used.Reset();
        var fresh = new Kswin();
        foreach (double x in stream)
        {
            used.Update(x);
            fresh.Update(x);
            Assert.Equal(fresh.LastPValue, used.LastPValue);
        }
    }
}
