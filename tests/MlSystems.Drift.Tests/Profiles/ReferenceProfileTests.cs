using MlSystems.Drift.Tests.Support;

namespace MlSystems.Drift.Tests.Profiles;

public sealed class ReferenceProfileTests
{
    [Fact]
    public void Selecting_features_copies_them_in_the_given_order_and_reports_them_alike()
    {
        DriftDataset reference = ReportData.Make(3000, 1);
        DriftDataset current = ReportData.Make(2000, 2, amountShift: 0.3);
        ReferenceProfile profile = ReferenceProfile.Fit(reference);

        ReferenceProfile subset = profile.Select(["country", "amount"]);
        var onlyThose = new DriftDataset([current.Find("country")!, current.Find("amount")!]);
        DriftReport full = DriftReport.Compute(profile, current);
        DriftReport part = DriftReport.Compute(subset, onlyThose);

        Assert.Equal(["country", "amount"], subset.Features.Select(f => f.Name));
        Assert.Equal(full.Features.Single(f => f.Name == "amount").Result.Statistic, part.Features.Single(f => f.Name == "amount").Result.Statistic);
        subset.Merge(ReferenceProfile.FromJson(subset.ToJson()));
        Assert.Equal(6000, subset.Find("amount")!.Count);
        Assert.Equal(3000, profile.Find("amount")!.Count);
        Assert.Equal("names", Assert.Throws<FeatureArgumentException>(() => profile.Select(["amount", "height"])).ParamName);
        Assert.Throws<FeatureArgumentException>(() => profile.Select(["amount", "amount"]));
        Assert.Equal("names", Assert.Throws<ArgumentNullException>(() => profile.Select(["amount", null!])).ParamName);
    }

    [Fact]
    public void A_profile_round_trips_through_json_and_checks_windows_like_the_raw_data()
    {
        DriftDataset reference = ReportData.Make(3000, 1);
        ReferenceProfile profile = ReferenceProfile.Fit(reference);
        ReferenceProfile back = ReferenceProfile.FromJson(profile.ToJson());
        Assert.Equal(profile.ToJson(), back.ToJson());

        double[] window = ReportData.Make(2000, 2, amountShift: 0.2).Find("amount")!.NumericValues.ToArray();
        double[] raw = reference.Find("amount")!.NumericValues.ToArray();
        KsResult direct = KolmogorovSmirnov.TwoSample(raw, window);
        KsResult viaProfile = back.Find("amount")!.TestKolmogorovSmirnov(window);
        Assert.Equal((direct.Statistic, direct.PValue), (viaProfile.Statistic, viaProfile.PValue));
        Assert.Equal(PopulationStabilityIndex.Compute(raw, window).Value, back.Find("amount")!.TestPsi(window).Value, 12);
    }

    [Fact]
    public void Profiles_of_four_hosts_merge_into_the_profile_of_all_the_data()
    {
        DriftDataset all = ReportData.Make(4000, 7);
        DriftDataset[] parts = [.. Enumerable.Range(0, 4).Select(h => ReportData.Slice(all, h * 1000, 1000))];
        ReferenceProfile merged = ReferenceProfile.Fit(parts[0]);
        foreach (DriftDataset part in parts.Skip(1))
        {
            merged.Merge(ReferenceProfile.Fit(part, sharedEdgesFrom: merged));
        }

        ReferenceProfile whole = ReferenceProfile.Fit(all, sharedEdgesFrom: merged);
        foreach (FeatureProfile feature in whole.Features)
        {
            FeatureProfile m = merged.Find(feature.Name)!;
            Assert.Equal(feature.Count, m.Count);
            Assert.Equal(feature.MissingCount, m.MissingCount);
            if (feature.Kind == FeatureKind.Numeric)
            {
                Assert.True(feature.SortedSample.SequenceEqual(m.SortedSample), feature.Name);
                Assert.Equal(feature.Histogram!.Counts.ToArray(), m.Histogram!.Counts.ToArray());
                Assert.Equal(feature.Moments!.Mean, m.Moments!.Mean, 10);
            }
            else
            {
                Assert.Equal(feature.Categories!.ToJson(), m.Categories!.ToJson());
            }
        }
    }

    [Fact]
    public void Merging_refuses_different_edges_and_schemas_by_feature_name()
    {
        ReferenceProfile a = ReferenceProfile.Fit(ReportData.Make(500, 1));
        ReferenceProfile b = ReferenceProfile.Fit(ReportData.Make(500, 2));
        Assert.Contains("'amount'", Assert.Throws<FeatureArgumentException>(() => a.Merge(b)).Message, StringComparison.Ordinal);
        ReferenceProfile fewer = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("amount", [1.0, 2.0])]));
        Assert.Contains("'age'", Assert.Throws<FeatureArgumentException>(() => a.Merge(fewer)).Message, StringComparison.Ordinal);
        Assert.Equal("json", Assert.Throws<ArgumentException>(() => ReferenceProfile.FromJson("{\"type\":\"other\"}")).ParamName);
    }

    [Fact]
    public void Large_references_keep_a_sketch_instead_of_the_sample()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(5000, 1), new ProfileOptions { MaxExactSampleSize = 1000 });
        FeatureProfile amount = profile.Find("amount")!;
        Assert.False(amount.HasExactSample);
        double[] window = ReportData.Make(3000, 2, amountShift: 0.3).Find("amount")!.NumericValues.ToArray();
        KsResult approximate = amount.TestKolmogorovSmirnov(window);
        KsResult exact = KolmogorovSmirnov.TwoSample(ReportData.Make(5000, 1).Find("amount")!.NumericValues.Span, window);
        Assert.InRange(approximate.Statistic - exact.Statistic, -amount.Sketch!.NormalizedRankError, amount.Sketch.NormalizedRankError);
        Assert.True(approximate.Drifted && exact.Drifted);
    }

    [Fact]
    public void Bad_reference_columns_are_refused_by_feature_name()
    {
        Assert.Contains("'x'", Assert.Throws<FeatureArgumentException>(() => ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", [double.NaN])]))).Message, StringComparison.Ordinal);
        Assert.Contains("'x'", Assert.Throws<FeatureArgumentException>(() => ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", [1, double.PositiveInfinity])]))).Message, StringComparison.Ordinal);
        Assert.Contains("'c'", Assert.Throws<FeatureArgumentException>(() => ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Categorical("c", [null, null])]))).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Categorical("c", ["a"])])).Find("c")!.TestPsi([1.0]));
    }
}
