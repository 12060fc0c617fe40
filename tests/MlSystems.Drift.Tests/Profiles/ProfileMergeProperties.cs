using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Drift.Tests.Support;

namespace MlSystems.Drift.Tests.Profiles;

/// <summary>
/// Reference profiles merged across hosts: any split of the rows, merged in any order and grouping, gives the profile of
/// all the rows — exactly for what is exact (counts, missing counts, the sorted sample under its cap, histogram bins,
/// category counts), to rounding for the moments.
/// </summary>
public sealed class ProfileMergeProperties
{
    [Property(MaxTest = 40)]
    public Property Any_split_merged_in_any_order_is_the_profile_of_all_the_rows(PositiveInt seed) =>
        Prop.ForAll(Gen.Choose(2, 5).ToArbitrary(), hosts =>
        {
            var random = new Random(seed.Get);
            DriftDataset all = ReportData.Make(1_500 + random.Next(500), seed.Get, missingShare: 0.1);
            int rows = all.Columns[0].Length;
            int[] cuts = [0, .. Enumerable.Range(0, hosts - 1).Select(_ => random.Next(1, rows)).Order(), rows];
            ReferenceProfile edges = ReferenceProfile.Fit(all);
            ReferenceProfile[] parts = [.. Enumerable.Range(0, hosts).Where(h => cuts[h + 1] > cuts[h]).Select(h => ReferenceProfile.Fit(ReportData.Slice(all, cuts[h], cuts[h + 1] - cuts[h]), sharedEdgesFrom: edges))];

            // Merge in a random order into a fresh copy of a random part.
            int[] order = [.. Enumerable.Range(0, parts.Length).OrderBy(_ => random.Next())];
            ReferenceProfile merged = Copy(parts[order[0]]);
            foreach (int p in order.Skip(1))
            {
                merged.Merge(parts[p]);
            }

            string? difference = Difference(ReferenceProfile.Fit(all, sharedEdgesFrom: edges), merged);
            Assert.True(difference is null, difference);
            return true;
        });

    [Property(MaxTest = 40)]
    public bool Merging_is_commutative_and_associative_in_its_exact_parts(PositiveInt seed)
    {
        DriftDataset all = ReportData.Make(1_200, seed.Get);
        ReferenceProfile edges = ReferenceProfile.Fit(all);
        ReferenceProfile a = ReferenceProfile.Fit(ReportData.Slice(all, 0, 300), sharedEdgesFrom: edges);
        ReferenceProfile b = ReferenceProfile.Fit(ReportData.Slice(all, 300, 500), sharedEdgesFrom: edges);
        ReferenceProfile c = ReferenceProfile.Fit(ReportData.Slice(all, 800, 400), sharedEdgesFrom: edges);

        ReferenceProfile ab = Copy(a), ba = Copy(b);
        ab.Merge(b);
        ba.Merge(a);
        ReferenceProfile abThenC = Copy(ab), bc = Copy(b), aThenBc = Copy(a);
        abThenC.Merge(c);
        bc.Merge(c);
        aThenBc.Merge(bc);
        return SameExactParts(ab, ba) && SameExactParts(abThenC, aThenBc);
    }

    private static bool SameExactParts(ReferenceProfile expected, ReferenceProfile actual) => Difference(expected, actual) is null;

    /// <summary>The first exact part that differs, named; null when none does.</summary>
    internal static string? Difference(ReferenceProfile expected, ReferenceProfile actual)
    {
        foreach (FeatureProfile e in expected.Features)
        {
            FeatureProfile a = actual.Find(e.Name)!;
            bool same = e.Count == a.Count && e.MissingCount == a.MissingCount && e.HasExactSample == a.HasExactSample;
            if (e.Kind == FeatureKind.Numeric)
            {
                same &= e.SortedSample.SequenceEqual(a.SortedSample)
                    && e.Histogram!.Counts.SequenceEqual(a.Histogram!.Counts)
                    && e.Moments!.Count == a.Moments!.Count
                    && Math.Abs(e.Moments.Mean - a.Moments.Mean) <= 1e-12 * (Math.Abs(e.Moments.Mean) + Math.Sqrt(e.Moments.PopulationVariance));
            }
            else
            {
                same &= e.Categories!.ToJson() == a.Categories!.ToJson();
            }

            if (!same)
            {
                return $"{e.Name}: count {e.Count}/{a.Count}, missing {e.MissingCount}/{a.MissingCount}, exact {e.HasExactSample}/{a.HasExactSample}"
                    + (e.Kind == FeatureKind.Numeric ? $", sample {e.SortedSample.SequenceEqual(a.SortedSample)}, histogram {e.Histogram!.Counts.SequenceEqual(a.Histogram!.Counts)}, mean {e.Moments!.Mean:R}/{a.Moments!.Mean:R}" : "");
            }
        }

        return expected.Features.Count == actual.Features.Count ? null : "feature count";
    }

    private static ReferenceProfile Copy(ReferenceProfile profile) => ReferenceProfile.FromJson(profile.ToJson());
}
