using MlSystems.Statistics;
using MlSystems.Drift.Tests.Support;

namespace MlSystems.Drift.Tests.Reports;

public sealed class DriftReportTests
{
    [Fact]
    public void Default_table_picks_tests_by_kind_and_size_and_flags_the_shifted_features()
    {
        ReferenceProfile small = ReferenceProfile.Fit(ReportData.Make(800, 1));
        DriftReport report = DriftReport.Compute(small, ReportData.Make(600, 2, amountShift: 0.5, newCountryShare: 0.3));
        Assert.Equal(["ks", "ks", "ks", "chi-squared", "z"], report.Features.Select(f => f.Result.TestName));
        Assert.Equal(["amount", "country"], report.Features.Where(f => f.Drifted).Select(f => f.Name));
        Assert.False(report.DatasetDrifted);

        ReferenceProfile large = ReferenceProfile.Fit(ReportData.Make(5000, 3));
        DriftReport largeReport = DriftReport.Compute(large, ReportData.Make(3000, 4, amountShift: 0.5, newCountryShare: 0.3));
        Assert.Equal(["wasserstein", "wasserstein", "wasserstein", "jensen-shannon", "jensen-shannon"], largeReport.Features.Select(f => f.Result.TestName));
        Assert.Equal(["amount", "country"], largeReport.Features.Where(f => f.Drifted).Select(f => f.Name));
    }

    [Fact]
    public void Overrides_follow_the_documented_precedence()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(800, 1));
        var options = new DriftReportOptions
        {
            NumericTest = "psi",
            CategoricalTest = "l-infinity",
            Features = new Dictionary<string, FeatureDriftOptions> { ["age"] = new() { Test = "wasserstein", Threshold = 0.5 } },
            Thresholds = new Dictionary<string, double> { ["psi"] = 0.2 },
        };
        DriftReport report = DriftReport.Compute(profile, ReportData.Make(600, 2), options);
        FeatureDriftResult amount = report.Features.Single(f => f.Name == "amount");
        FeatureDriftResult age = report.Features.Single(f => f.Name == "age");
        Assert.Equal(("psi", 0.2), (amount.Result.TestName, amount.Result.Threshold));
        Assert.Equal(("wasserstein", 0.5), (age.Result.TestName, age.Result.Threshold));
        Assert.Equal(("l-infinity", 0.1), (report.Features.Single(f => f.Name == "device").Result.TestName, report.Features.Single(f => f.Name == "device").Result.Threshold));
    }

    [Fact]
    public void Corrections_adjust_p_values_as_their_definitions_say()
    {
        double?[] p = [0.01, null, 0.04, 0.03, 0.20];
        Assert.Equal(p, MultipleTestingCorrection.None.Adjust(p));
        Assert.Equal([0.04, null, 0.16, 0.12, 0.8], Round(MultipleTestingCorrection.Bonferroni.Adjust(p)));
        // Holm: sorted 0.01, 0.03, 0.04, 0.20 times 4, 3, 2, 1, made monotone.
        Assert.Equal([0.04, null, 0.09, 0.09, 0.2], Round(MultipleTestingCorrection.Holm.Adjust(p)));
        // Benjamini–Hochberg: p·m/rank from the largest down, made monotone: 0.04, 0.0533, 0.0533, 0.2.
        Assert.Equal([0.04, null, 0.05333333, 0.05333333, 0.2], Round(MultipleTestingCorrection.BenjaminiHochberg.Adjust(p)));
    }

    [Fact]
    public void A_minimum_effect_size_keeps_a_huge_sample_from_flagging_a_negligible_shift()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(200_000, 1), new ProfileOptions { MaxExactSampleSize = 200_000 });
        DriftDataset current = ReportData.Make(200_000, 2, amountShift: 0.02);
        var options = new DriftReportOptions { NumericTest = "ks", LargeSampleSize = int.MaxValue };
        FeatureDriftResult flagged = DriftReport.Compute(profile, current, options).Features.Single(f => f.Name == "amount");
        Assert.True(flagged.Drifted && flagged.Result.PValue < 1e-6 && flagged.Result.EffectSize < 0.02);

        var sensible = new DriftReportOptions { NumericTest = "ks", LargeSampleSize = int.MaxValue, MinimumEffectSizes = new Dictionary<string, double> { ["ks"] = 0.05 } };
        Assert.False(DriftReport.Compute(profile, current, sensible).Features.Single(f => f.Name == "amount").Drifted);
    }

    [Fact]
    public void Schema_mismatches_name_the_feature()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(100, 1));
        DriftDataset full = ReportData.Make(100, 2);
        var missing = new DriftDataset(full.Columns.Where(c => c.Name != "age"));
        Assert.Contains("'age'", Assert.Throws<FeatureArgumentException>(() => DriftReport.Compute(profile, missing)).Message, StringComparison.Ordinal);
        var wrongKind = new DriftDataset(full.Columns.Select(c => c.Name == "device" ? FeatureColumn.Numeric("device", new double[100]) : c));
        Assert.Contains("'device' is Categorical in the reference but Numeric", Assert.Throws<FeatureArgumentException>(() => DriftReport.Compute(profile, wrongKind)).Message, StringComparison.Ordinal);
        var extra = new DriftDataset([.. full.Columns, FeatureColumn.Numeric("extra", new double[100])]);
        Assert.Contains("'extra'", Assert.Throws<FeatureArgumentException>(() => DriftReport.Compute(profile, extra)).Message, StringComparison.Ordinal);
        Assert.Equal("NumericTest", Assert.Throws<ArgumentException>(() => DriftReport.Compute(profile, full, new DriftReportOptions { NumericTest = "chi-squared" })).ParamName);
        Assert.Equal("b", Assert.Throws<FeatureArgumentException>(() => new DriftDataset([FeatureColumn.Numeric("a", [1.0]), FeatureColumn.Numeric("b", [1.0, 2.0])])).Feature);
    }

    [Fact]
    public void Missing_values_are_counted_apart_and_the_json_says_everything()
    {
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(500, 1, missingShare: 0.1));
        DriftReport report = DriftReport.Compute(profile, ReportData.Make(400, 2, missingShare: 0.3), new DriftReportOptions { Correction = MultipleTestingCorrection.Holm });
        FeatureDriftResult score = report.Features.Single(f => f.Name == "score");
        Assert.InRange(score.ReferenceMissingShare, 0.07, 0.13);
        Assert.InRange(score.CurrentMissingShare, 0.25, 0.35);
        Assert.True(score.Result.CurrentCount < 400);

        using var json = System.Text.Json.JsonDocument.Parse(report.ToJson());
        Assert.Equal("Holm", json.RootElement.GetProperty("correction").GetString());
        Assert.Equal(5, json.RootElement.GetProperty("results").GetArrayLength());
        var first = json.RootElement.GetProperty("results")[0];
        foreach (string property in new[] { "feature", "test", "statistic", "pValue", "adjustedPValue", "effectSize", "threshold", "drifted", "referenceCount", "currentCount" })
        {
            Assert.True(first.TryGetProperty(property, out _), property);
        }
    }

    [Fact]
    public void The_json_has_the_shared_envelope_and_number_rule()
    {
        // One feature whose test propagates NaN and an infinite effect, one distance without a p-value.
        var registry = new DriftTestRegistry().Register(new NonFiniteTest());
        var reference = new DriftDataset([FeatureColumn.Numeric("odd", [1.0, 2.0, 3.0]), FeatureColumn.Numeric("plain", [1.0, 2.0, 3.0])]);
        var options = new DriftReportOptions
        {
            Features = new Dictionary<string, FeatureDriftOptions> { ["odd"] = new() { Test = "non-finite" }, ["plain"] = new() { Test = DriftTestNames.Wasserstein } },
        };
        DriftReport report = DriftReport.Compute(ReferenceProfile.Fit(reference), reference, options, registry);

        using var json = System.Text.Json.JsonDocument.Parse(report.ToJson());
        Assert.Equal("drift-report", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        var odd = json.RootElement.GetProperty("results")[0];
        Assert.Equal("NaN", odd.GetProperty("statistic").GetString());
        Assert.Equal("NaN", odd.GetProperty("pValue").GetString());
        Assert.Equal("NaN", odd.GetProperty("adjustedPValue").GetString());
        Assert.Equal("-Infinity", odd.GetProperty("effectSize").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("results")[1].GetProperty("pValue").ValueKind);

        // The literals are the ones System.Text.Json reads back when asked to.
        var read = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(
            $"{{\"s\":{odd.GetProperty("statistic").GetRawText()},\"e\":{odd.GetProperty("effectSize").GetRawText()}}}",
            NamedLiterals)!;
        Assert.True(double.IsNaN(read["s"]));
        Assert.Equal(double.NegativeInfinity, read["e"]);
    }

    [Fact]
    public void A_custom_test_registers_by_name_and_the_report_uses_it()
    {
        var registry = new DriftTestRegistry().Register(new MeanShiftTest());
        ReferenceProfile profile = ReferenceProfile.Fit(ReportData.Make(500, 1));
        var options = new DriftReportOptions { Features = new Dictionary<string, FeatureDriftOptions> { ["age"] = new() { Test = "mean-shift" } } };
        DriftReport report = DriftReport.Compute(profile, ReportData.Make(500, 2), options, registry);
        FeatureDriftResult age = report.Features.Single(f => f.Name == "age");
        Assert.Equal("mean-shift", age.Result.TestName);
        Assert.InRange(age.Result.Statistic, 0, 0.2);
        Assert.Contains("mean-shift", Assert.Throws<ArgumentException>(() => new DriftTestRegistry().Get("mean-shift", FeatureKind.Numeric)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_test_says_whether_its_thresholds_are_levels()
    {
        var registry = new DriftTestRegistry().Register(new MeanShiftTest()).Register(new MeanShiftPValueTest());
        Assert.True(registry.YieldsPValue(DriftTestNames.KolmogorovSmirnov));
        Assert.False(registry.YieldsPValue(DriftTestNames.Wasserstein));
        Assert.False(registry.YieldsPValue("mean-shift"));
        Assert.True(registry.YieldsPValue("mean-shift-p"));

        // A cut-off of 2 reference deviations is a fine distance threshold; as a significance level it is refused.
        new DriftReportOptions { Thresholds = new Dictionary<string, double> { ["mean-shift"] = 2 } }.Validate(registry);
        var error = Assert.Throws<ArgumentException>(() => new DriftReportOptions { Thresholds = new Dictionary<string, double> { ["mean-shift-p"] = 2 } }.Validate(registry));
        Assert.Contains("'mean-shift-p'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DriftReportOptions { Features = new Dictionary<string, FeatureDriftOptions> { ["age"] = new() { Test = "mean-shift-p", Threshold = 1 } } }.Validate(registry));
    }

    /// <summary>The same shift judged by a p-value, to check that a custom test's own word decides how thresholds read.</summary>
    private sealed class MeanShiftPValueTest : NumericDriftTest
    {
        public override string Name => "mean-shift-p";

        public override bool YieldsPValue => true;

        public override double DefaultThreshold => 0.05;

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold)
        {
            MeanVarianceResult r = SpanStatistics.MeanVariance(sortedReference), c = SpanStatistics.MeanVariance(current);
            double z = (c.Mean - r.Mean) / Math.Sqrt((r.SampleVariance / r.Count) + (c.SampleVariance / c.Count));
            return new DriftTestResult
            {
                TestName = Name,
                Statistic = z,
                PValue = NormalDistribution.TwoSidedPValue(z),
                EffectSize = Math.Abs(z),
                ReferenceCount = r.Count,
                CurrentCount = c.Count,
                Threshold = threshold,
            };
        }
    }

    /// <summary>The README's example of a custom test: the shift of the mean in reference standard deviations.</summary>
    private sealed class MeanShiftTest : NumericDriftTest
    {
        public override string Name => "mean-shift";

        public override double DefaultThreshold => 0.25;

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold)
        {
            MeanVarianceResult r = SpanStatistics.MeanVariance(sortedReference), c = SpanStatistics.MeanVariance(current);
            double shift = Math.Abs(c.Mean - r.Mean) / Math.Sqrt(r.PopulationVariance);
            return new DriftTestResult
            {
                TestName = Name,
                Statistic = shift,
                EffectSize = shift,
                ReferenceCount = r.Count,
                CurrentCount = c.Count,
                Threshold = threshold,
            };
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions NamedLiterals = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private sealed class NonFiniteTest : NumericDriftTest
    {
        public override string Name => "non-finite";

        public override double DefaultThreshold => 0.05;

        public override bool YieldsPValue => true;

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold) => new()
        {
            TestName = Name,
            Statistic = double.NaN,
            PValue = double.NaN,
            EffectSize = double.NegativeInfinity,
            ReferenceCount = sortedReference.Length,
            CurrentCount = current.Length,
            Threshold = threshold,
        };
    }

    private static double?[] Round(double?[] values) => [.. values.Select(v => v is double d ? Math.Round(d, 8) : (double?)null)];
}
