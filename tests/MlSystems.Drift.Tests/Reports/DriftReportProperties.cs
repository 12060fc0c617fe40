using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Drift.Tests.Support;

namespace MlSystems.Drift.Tests.Reports;

/// <summary>Invariants of the per-feature report: the order of the features changes nothing, and corrections only ever raise p-values, keeping their order.</summary>
public sealed class DriftReportProperties
{
    [Property(MaxTest = 25)]
    public bool The_order_of_the_features_changes_no_result(PositiveInt seed, bool correct)
    {
        var random = new Random(seed.Get);
        DriftDataset reference = ReportData.Make(800, seed.Get);
        DriftDataset current = ReportData.Make(600, seed.Get + 1, amountShift: random.NextDouble() * 0.3, newCountryShare: random.NextDouble() * 0.1);
        int[] order = [.. Enumerable.Range(0, reference.Columns.Count).OrderBy(_ => random.Next())];
        var options = new DriftReportOptions { Correction = correct ? MultipleTestingCorrection.BenjaminiHochberg : MultipleTestingCorrection.None };

        DriftReport straight = DriftReport.Compute(ReferenceProfile.Fit(reference), current, options);
        DriftReport shuffled = DriftReport.Compute(ReferenceProfile.Fit(Reorder(reference, order)), Reorder(current, order), options);
        return straight.DriftedFeatureCount == shuffled.DriftedFeatureCount && straight.DatasetDrifted == shuffled.DatasetDrifted
            && straight.Features.All(f =>
            {
                FeatureDriftResult g = shuffled.Features.Single(s => s.Name == f.Name);
                return f.Drifted == g.Drifted && f.AdjustedPValue == g.AdjustedPValue
                    && BitConverter.DoubleToInt64Bits(f.Result.Statistic) == BitConverter.DoubleToInt64Bits(g.Result.Statistic) && f.Result.PValue == g.Result.PValue;
            });
    }

    [Property(MaxTest = 200)]
    public Property Corrections_raise_p_values_keep_their_order_and_nest(PositiveInt seed) =>
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), count =>
        {
            var random = new Random(seed.Get);
            double?[] raw = [.. Enumerable.Range(0, count).Select(_ => random.Next(5) == 0 ? (double?)null : Math.Pow(random.NextDouble(), 3))];
            double?[] bonferroni = MultipleTestingCorrection.Bonferroni.Adjust(raw);
            double?[] holm = MultipleTestingCorrection.Holm.Adjust(raw);
            double?[] bh = MultipleTestingCorrection.BenjaminiHochberg.Adjust(raw);
            Assert.Equal(raw, MultipleTestingCorrection.None.Adjust(raw));
            for (int i = 0; i < count; i++)
            {
                if (raw[i] is not double p)
                {
                    // A distance has no p-value to adjust.
                    Assert.True(bonferroni[i] is null && holm[i] is null && bh[i] is null);
                    continue;
                }

                // Each adjusted value lies in [p, 1]; BH ≤ Holm ≤ Bonferroni (to rounding: the three multiply in different orders).
                Assert.InRange(bh[i]!.Value, p - Slack, 1);
                Assert.InRange(holm[i]!.Value, bh[i]!.Value - Slack, 1);
                Assert.InRange(bonferroni[i]!.Value, holm[i]!.Value - Slack, 1);
                for (int j = 0; j < count; j++)
                {
                    if (raw[j] is double q && p <= q)
                    {
                        Assert.True(bonferroni[i] <= bonferroni[j] + Slack && holm[i] <= holm[j] + Slack && bh[i] <= bh[j] + Slack, $"order broken between {p} and {q}");
                    }
                }
            }
        });

    private const double Slack = 1e-12;

    private static DriftDataset Reorder(DriftDataset data, int[] order) => new(order.Select(i => data.Columns[i]));
}
