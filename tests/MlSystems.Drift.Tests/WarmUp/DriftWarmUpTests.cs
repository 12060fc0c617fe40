using FsCheck;
using FsCheck.Fluent;

namespace MlSystems.Drift.Tests.WarmUp;

public sealed class DriftWarmUpTests
{
    [Fact]
    public void A_profiled_warm_up_runs_the_report_the_options_choose_on_a_window_of_the_given_size_drawn_from_the_profile()
    {
        double[] reference = [.. Enumerable.Range(0, 2_000).Select(i => Math.Round(Math.Sin(i) * 100, 1))];
        string[] colours = [.. Enumerable.Range(0, 2_000).Select(i => (i % 5) switch { 0 => "red", 1 => "green", _ => "blue" })];
        ReferenceProfile profile = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("amount", reference), FeatureColumn.Categorical("colour", colours)]));
        var numeric = new NumericSpy();
        var categorical = new CategoricalSpy();
        DriftTestRegistry registry = new DriftTestRegistry().Register(numeric).Register(categorical);

        DriftWarmUp.Run(profile, 700, new DriftReportOptions { NumericTest = numeric.Name, CategoricalTest = categorical.Name }, registry);

        double[] seen = Assert.Single(numeric.Calls);
        Assert.Equal(700, seen.Length);
        Assert.All(seen, v => Assert.Contains(v, reference));
        Assert.True(seen.Distinct().Count() > 100, "the window is drawn across the reference, not one value repeated");
        string[] categories = Assert.Single(categorical.Calls);
        Assert.Equal(700, categories.Length);
        Assert.Equal(["blue", "green", "red"], categories.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Synthetic_windows_stay_within_what_any_profile_holds_exact_sketched_or_categorical()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 3_000).ToArbitrary(), Gen.Choose(1, 400).ToArbitrary(), (seed, referenceRows, windowRows) =>
        {
            var random = new Random(seed);
            double[] values = [.. Enumerable.Range(0, referenceRows).Select(_ => Math.Round((random.NextDouble() - 0.3) * 1e3, 2))];
            string[] labels = [.. Enumerable.Range(0, referenceRows).Select(_ => "c" + random.Next(1 + (seed % 9)))];
            // A small exact limit leaves larger references with their sketch only.
            var options = new ProfileOptions { MaxExactSampleSize = 1 + (seed % 2_000) };
            ReferenceProfile profile = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", values), FeatureColumn.Categorical("c", labels)]), options);
            var numeric = new NumericSpy();
            var categorical = new CategoricalSpy();

            DriftWarmUp.Run(profile, windowRows, new DriftReportOptions { NumericTest = numeric.Name, CategoricalTest = categorical.Name }, new DriftTestRegistry().Register(numeric).Register(categorical));

            double[] window = Assert.Single(numeric.Calls);
            Assert.Equal(windowRows, window.Length);
            Assert.All(window, v => Assert.InRange(v, values.Min(), values.Max()));
            if (profile.Find("x")!.HasExactSample)
            {
                Assert.All(window, v => Assert.Contains(v, values));
            }

            Assert.Equal(windowRows, Assert.Single(categorical.Calls).Length);
            Assert.Subset(labels.ToHashSet(), Assert.Single(categorical.Calls).ToHashSet());
        }));
    }

    [Fact]
    public void The_built_in_warm_up_leaves_results_unchanged_for_real_calls_made_beside_it()
    {
        double[] reference = [.. Enumerable.Range(0, 200_000).Select(i => Math.Sin(i * 0.37))];
        double[] current = [.. reference.Select(v => v + 0.01)];
        KsResult before = KolmogorovSmirnov.TwoSample(reference, current);
        PsiResult psiBefore = PopulationStabilityIndex.Compute(reference, current);
        var beside = new KsResult[4];
        var psiBeside = new PsiResult[4];

        Parallel.Invoke(
            DriftWarmUp.Run,
            () =>
            {
                for (int i = 0; i < beside.Length; i++)
                {
                    beside[i] = KolmogorovSmirnov.TwoSample(reference, current);
                    psiBeside[i] = PopulationStabilityIndex.Compute(reference, current);
                }
            });

        Assert.All(beside, r => Assert.Equal((before.Statistic, before.PValue), (r.Statistic, r.PValue)));
        Assert.All(psiBeside, r => Assert.Equal(psiBefore.Value, r.Value));
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_them()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", [1, 2, 3])]));

        Assert.Equal("profile", Assert.Throws<ArgumentNullException>(() => DriftWarmUp.Run(null!, 10)).ParamName);
        Assert.Equal("rowCount", Assert.Throws<ArgumentOutOfRangeException>(() => DriftWarmUp.Run(profile, 0)).ParamName);
        ArgumentException unknown = Assert.ThrowsAny<ArgumentException>(() => DriftWarmUp.Run(profile, 10, new DriftReportOptions { NumericTest = "no-such-test" }));
        Assert.Contains("no-such-test", unknown.Message, StringComparison.Ordinal);
    }

    /// <summary>Records the values each call receives; a distance of zero.</summary>
    private sealed class NumericSpy : NumericDriftTest
    {
        public List<double[]> Calls { get; } = [];

        public override string Name => "spy";

        public override double DefaultThreshold => 1;

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold)
        {
            lock (Calls)
            {
                Calls.Add(current.ToArray());
            }

            return new DriftTestResult { TestName = Name, Statistic = 0, EffectSize = 0, ReferenceCount = sortedReference.Length, CurrentCount = current.Length, Threshold = threshold };
        }
    }

    private sealed class CategoricalSpy : CategoricalDriftTest
    {
        public List<string[]> Calls { get; } = [];

        public override string Name => "spy";

        public override double DefaultThreshold => 1;

        protected override DriftTestResult Evaluate(Statistics.Summaries.CategoryCounts reference, Statistics.Summaries.CategoryCounts current, double threshold)
        {
            lock (Calls)
            {
                Calls.Add([.. current.Entries.SelectMany(e => Enumerable.Repeat(e.Key, (int)e.Value))]);
            }

            return new DriftTestResult { TestName = Name, Statistic = 0, EffectSize = 0, ReferenceCount = reference.Total, CurrentCount = current.Total, Threshold = threshold };
        }
    }
}
