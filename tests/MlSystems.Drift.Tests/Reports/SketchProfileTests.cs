using MlSystems.Statistics;

namespace MlSystems.Drift.Tests.Reports;

/// <summary>A report against a profile that kept only a sketch says so, with how far its figures can be from the exact ones.</summary>
public sealed class SketchProfileTests
{
    private static double[] Reference(int n) => [.. Enumerable.Range(0, n).Select(i => (i * 7919L % 100_003) / 1000.0)];

    private static double[] Current(int n) => [.. Enumerable.Range(0, n).Select(j => ((j * 104_729L % 50_021) / 500.0) + 3.0)];

    private static FeatureDriftResult Report(double[] reference, double[] current, string test, int maxExact) =>
        DriftReport.Compute(
            ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", reference)]), new ProfileOptions { MaxExactSampleSize = maxExact }),
            new DriftDataset([FeatureColumn.Numeric("x", current)]),
            new DriftReportOptions { NumericTest = test }).Features[0];

    [Fact]
    public void Ks_on_a_sketch_bounds_the_statistic_and_takes_the_p_value_at_the_true_reference_size()
    {
        double[] reference = Reference(50_000), current = Current(2_000);
        KsResult exact = KolmogorovSmirnov.TwoSample(reference, current);

        FeatureDriftResult ks = Report(reference, current, "ks", maxExact: 1_000);

        Assert.True(ks.Approximate);
        Assert.Equal(50_000, ks.Result.ReferenceCount);
        IReadOnlyDictionary<string, double> details = ks.Result.Details;
        Assert.Equal(10_000, details[DriftTestResult.SketchQuantilesDetail]);
        double bound = details[DriftTestResult.StatisticErrorBoundDetail];
        Assert.Equal(details[DriftTestResult.SketchRankErrorDetail] + 1e-4, bound, 1e-15);
        Assert.InRange(Math.Abs(ks.Result.Statistic - exact.Statistic), 0, bound);
        Assert.Equal(KolmogorovSmirnovTwoSample.AsymptoticPValue(50_000, 2_000, ks.Result.Statistic, KsAlternative.TwoSided), details["pValueAtStatistic"]);
        Assert.Equal(details["pValueHigh"], ks.Result.PValue);
        Assert.InRange(exact.PValue, details["pValueLow"], details["pValueHigh"]);
        Assert.Contains("\"approximate\": true", DriftReport.Compute(
            ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", reference)]), new ProfileOptions { MaxExactSampleSize = 1_000 }),
            new DriftDataset([FeatureColumn.Numeric("x", current)])).ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ks_on_a_sketch_of_a_large_reference_does_not_flag_a_sample_of_the_same_population()
    {
        // A million values against 100,000 of the same sequence: the critical distance (about 0.0045) is far below the
        // sketch's rank error, so a verdict on the point estimate would be sketch noise.
        double[] reference = Reference(1_000_000), current = [.. Reference(1_000_000).Where((_, i) => i % 10 == 3)];
        FeatureDriftResult ks = Report(reference, current, "ks", maxExact: 1_000);

        Assert.True(ks.Approximate);
        Assert.False(ks.Drifted);
    }

    [Fact]
    public void Any_test_on_a_sketch_is_marked_approximate_with_the_true_size_and_an_exact_profile_is_not()
    {
        double[] reference = Reference(20_000), current = Current(1_500);

        FeatureDriftResult sketched = Report(reference, current, "wasserstein", maxExact: 1_000);
        FeatureDriftResult exact = Report(reference, current, "wasserstein", maxExact: 20_000);

        Assert.True(sketched.Approximate);
        Assert.Equal(20_000, sketched.Result.ReferenceCount);
        Assert.False(exact.Approximate);
        Assert.Equal(20_000, exact.Result.ReferenceCount);
        Assert.Equal(Wasserstein.Distance(reference, current), exact.Result.Details["raw"], 1e-12);
        // PSI reads the profile's own bins, exact whatever the profile keeps.
        Assert.False(Report(reference, current, "psi", maxExact: 1_000).Approximate);
    }

    [Fact]
    public void The_html_states_the_approximation_and_its_bounds()
    {
        double[] reference = Reference(30_000), current = Current(1_000);
        ReferenceProfile profile = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", reference)]), new ProfileOptions { MaxExactSampleSize = 1_000 });
        var window = new DriftDataset([FeatureColumn.Numeric("x", current)]);
        DriftReport report = DriftReport.Compute(profile, window, new DriftReportOptions { NumericTest = "ks" });

        string html = DriftHtmlReport.Render(report, profile, window);

        Assert.Contains("Approximate: the reference profile keeps a sketch of its 30,000 values", html, StringComparison.Ordinal);
        Assert.Contains("the p-value between", html, StringComparison.Ordinal);
    }
}
