using MlSystems.Statistics.Summaries;
using MlSystems.Drift.Tests.Support;

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
        var error = Assert.Throws<FeatureArgumentException>(() => DriftReport.Compute(profile, allMissing));
        Assert.Contains("'score'", error.Message, StringComparison.Ordinal);
        Assert.Equal("score", error.Feature);

        // The guard that refuses infinities names no feature: the report wraps it, naming the feature and the test.
        var infinite = new DriftDataset(current.Columns.Select(c => c.Name == "age" ? FeatureColumn.Numeric("age", [.. Enumerable.Repeat(1.0, 299), double.PositiveInfinity]) : c));
        var wrapped = Assert.Throws<FeatureArgumentException>(() => DriftReport.Compute(profile, infinite));
        Assert.Equal("age", wrapped.Feature);
        Assert.StartsWith("Feature 'age', test 'ks': ", wrapped.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(wrapped.InnerException);
    }

    [Fact]
    public void A_test_error_is_wrapped_unless_it_names_the_feature_by_type()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(300, 1));
        DriftDataset current = ReportData.Make(300, 2);

        // A plain ArgumentException that merely quotes the feature's name is still wrapped: the type decides, not the text.
        var quoting = new DriftTestRegistry();
        quoting.Register(new ThrowingTest(new ArgumentException("value 'amount' looks odd", "current")));
        var options = new DriftReportOptions { NumericTest = "throwing" };
        var wrapped = Assert.Throws<FeatureArgumentException>(() => DriftReport.Compute(profile, current, options, quoting));
        Assert.Equal("current", wrapped.ParamName);
        Assert.Contains("test 'throwing': value 'amount' looks odd", wrapped.Message, StringComparison.Ordinal);

        // A FeatureArgumentException for the very feature arrives as thrown.
        var naming = new DriftTestRegistry();
        var own = new FeatureArgumentException("amount", "Feature 'amount': too few values.", "current");
        naming.Register(new ThrowingTest(own, onlyFor: "amount"));
        Assert.Same(own, Assert.Throws<FeatureArgumentException>(() => DriftReport.Compute(profile, current, options, naming)));
    }

    private sealed class ThrowingTest(ArgumentException error, string? onlyFor = null) : NumericDriftTest
    {
        public override string Name => "throwing";

        public override double DefaultThreshold => 0.5;

        public override DriftTestResult Evaluate(FeatureProfile reference, FeatureColumn current, double threshold) =>
            onlyFor is null || current.Name == onlyFor ? throw error : base.Evaluate(reference, current, threshold);

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold) =>
            new() { TestName = Name, Statistic = 0, EffectSize = 0, Threshold = threshold, ReferenceCount = sortedReference.Length, CurrentCount = current.Length };
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
        Assert.Contains("different k", Assert.Throws<FeatureArgumentException>(() => profile.Merge(otherK)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => profile.Merge(profile));
        Assert.Equal(before, profile.ToJson());
    }

    [Fact]
    public void Corrections_leave_nan_p_values_out()
    {
        double?[] adjusted = MultipleTestingCorrection.Holm.Adjust([0.01, double.NaN, 0.04]);
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
