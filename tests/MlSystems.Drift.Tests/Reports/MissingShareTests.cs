namespace MlSystems.Drift.Tests.Reports;

/// <summary>The data-quality flag beside the drift verdict: a feature whose share of missing values rose.</summary>
public sealed class MissingShareTests
{
    /// <summary>A column of <paramref name="rows"/> values, the first <paramref name="missing"/> of them missing, the rest a spread of numbers.</summary>
    private static DriftDataset Column(int rows, int missing) =>
        new([FeatureColumn.Numeric("income", [.. Enumerable.Range(0, rows).Select(i => i < missing ? double.NaN : i % 97)])]);

    [Fact]
    public void A_significant_rise_is_flagged_with_the_z_test_of_the_missing_counts()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(Column(2000, 452));
        FeatureDriftResult income = DriftReport.Compute(profile, Column(2000, 682)).Features[0];

        Assert.True(income.MissingShareRose);
        Assert.Equal((0.226, 0.341), (income.ReferenceMissingShare, income.CurrentMissingShare));
        DriftTestResult expected = TwoProportionZTest.Compute(452, 2000, 682, 2000);
        Assert.Equal(expected, income.MissingShareTest);
        Assert.False(income.Drifted);
    }

    [Fact]
    public void A_fall_a_rise_within_chance_and_a_rise_below_the_minimum_are_not_flagged()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(Column(2000, 452));
        Assert.False(DriftReport.Compute(profile, Column(2000, 200)).Features[0].MissingShareRose);
        Assert.False(DriftReport.Compute(profile, Column(2000, 470)).Features[0].MissingShareRose);

        // 22.6% to 24.0%: past the one-point minimum, but within chance at 2,000 rows each (p ≈ 0.29).
        FeatureDriftResult chance = DriftReport.Compute(profile, Column(2000, 480)).Features[0];
        Assert.True(chance.CurrentMissingShare - chance.ReferenceMissingShare >= 0.01);
        Assert.True(chance.MissingShareTest!.PValue > 0.05);
        Assert.False(chance.MissingShareRose);

        // 200,000 rows make a rise of half a point significant; the default minimum of one point keeps it quiet.
        ReferenceProfile large = ReferenceProfile.Fit(Column(200_000, 20_000));
        FeatureDriftResult halfPoint = DriftReport.Compute(large, Column(200_000, 21_000)).Features[0];
        Assert.True(halfPoint.MissingShareTest!.Drifted);
        Assert.False(halfPoint.MissingShareRose);
        Assert.True(DriftReport.Compute(large, Column(200_000, 21_000), new DriftReportOptions { MinimumMissingShareRise = 0.004 }).Features[0].MissingShareRose);
    }

    [Fact]
    public void The_json_carries_the_flag_and_the_options_are_validated()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(Column(2000, 452));
        string json = DriftReport.Compute(profile, Column(2000, 682)).ToJson();
        Assert.Contains("\"missingShareRose\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"missingShareRose\": true", json, StringComparison.Ordinal);

        Assert.Equal("MissingShareAlpha", Assert.Throws<ArgumentException>(() => DriftReport.Compute(profile, Column(10, 0), new DriftReportOptions { MissingShareAlpha = 1 })).ParamName);
        Assert.Equal("MinimumMissingShareRise", Assert.Throws<ArgumentException>(() => DriftReport.Compute(profile, Column(10, 0), new DriftReportOptions { MinimumMissingShareRise = -0.1 })).ParamName);
    }
}
