using FsCheck;
using FsCheck.Fluent;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift.Tests.Reports;

/// <summary>
/// A report from bin counts merged from many places equals the PSI report of all the values counted in one place, and
/// refuses counts that do not fit the profile.
/// </summary>
public sealed class BinnedReportTests
{
    private static readonly DriftReportOptions Psi = new() { NumericTest = DriftTestNames.PopulationStabilityIndex, MaxDegreeOfParallelism = 1 };

    [Fact]
    public void Counts_merged_from_several_hosts_give_the_report_of_all_the_values() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 5).ToArbitrary(), (seed, hosts) =>
        {
            var random = new Random(seed);
            ReferenceProfile profile = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", Normal(random, 0, 2000)), FeatureColumn.Numeric("y", Normal(random, 5, 2000))]));
            double shift = random.NextDouble() * 0.6;
            double[] x = Normal(random, shift, random.Next(1, 900)), y = Normal(random, 5, x.Length);

            // Each host counts its share of the rows in the profile's bins; the counts are added.
            var counts = new Dictionary<string, long[]> { ["x"] = new long[profile.Find("x")!.Histogram!.Counts.Length], ["y"] = new long[profile.Find("y")!.Histogram!.Counts.Length] };
            int[] host = [.. x.Select(_ => random.Next(hosts))];
            for (int h = 0; h < hosts; h++)
            {
                foreach ((string name, double[] values) in new[] { ("x", x), ("y", y) })
                {
                    var histogram = new FixedEdgeHistogram(profile.Find(name)!.Histogram!.Edges);
                    histogram.Add([.. values.Where((_, i) => host[i] == h)]);
                    for (int b = 0; b < histogram.Counts.Length; b++)
                    {
                        counts[name][b] += histogram.Counts[b];
                    }
                }
            }

            string binned = DriftReport.ComputeBinned(profile, counts, Psi).ToJson();
            string raw = DriftReport.Compute(profile, new DriftDataset([FeatureColumn.Numeric("x", x), FeatureColumn.Numeric("y", y)]), Psi).ToJson();
            return binned == raw;
        }));

    [Fact]
    public void A_drifted_feature_is_found_from_counts()
    {
        var random = new Random(3);
        ReferenceProfile profile = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", Normal(random, 0, 5000))]));
        var histogram = new FixedEdgeHistogram(profile.Find("x")!.Histogram!.Edges);
        histogram.Add(Normal(random, 1.5, 3000));
        DriftReport report = DriftReport.ComputeBinned(profile, new Dictionary<string, long[]> { ["x"] = histogram.Counts.ToArray() });
        Assert.True(report.DatasetDrifted);
        Assert.Equal(3000, report.CurrentRowCount);
        Assert.Equal(DriftTestNames.PopulationStabilityIndex, report.Features[0].Result.TestName);
    }

    [Fact]
    public void Counts_that_do_not_fit_the_profile_are_refused_naming_the_feature()
    {
        var random = new Random(4);
        ReferenceProfile profile = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", Normal(random, 0, 500)), FeatureColumn.Numeric("y", Normal(random, 0, 500))]));
        int bins = profile.Find("x")!.Histogram!.Counts.Length;
        long[] ten = [10, .. new long[bins - 1]];
        Assert.Equal("y", Assert.Throws<FeatureArgumentException>(() => DriftReport.ComputeBinned(profile, new Dictionary<string, long[]> { ["x"] = ten })).Feature);
        Assert.Equal("y", Assert.Throws<FeatureArgumentException>(() => DriftReport.ComputeBinned(profile, new Dictionary<string, long[]> { ["x"] = ten, ["y"] = [1, 2] })).Feature);
        Assert.Equal("y", Assert.Throws<FeatureArgumentException>(() => DriftReport.ComputeBinned(profile, new Dictionary<string, long[]> { ["x"] = ten, ["y"] = [11, .. new long[bins - 1]] })).Feature);
        Assert.Equal("x", Assert.Throws<FeatureArgumentException>(() => DriftReport.ComputeBinned(profile, new Dictionary<string, long[]> { ["x"] = new long[bins], ["y"] = new long[bins] })).Feature);
        Assert.Equal("x", Assert.Throws<FeatureArgumentException>(() => DriftReport.ComputeBinned(profile, new Dictionary<string, long[]> { ["x"] = [-1, 11, .. new long[bins - 2]], ["y"] = ten })).Feature);

        ReferenceProfile categorical = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Categorical("c", ["a", "b"])]));
        Assert.Equal("c", Assert.Throws<FeatureArgumentException>(() => DriftReport.ComputeBinned(categorical, new Dictionary<string, long[]>())).Feature);
        Assert.Throws<ArgumentOutOfRangeException>(() => PopulationStabilityIndex.ComputeFromCounts([0.0], [1, 1], [1, 1], threshold: -1));
    }

    private static double[] Normal(Random random, double mean, int n) =>
        [.. Enumerable.Range(0, n).Select(_ => mean + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];
}
