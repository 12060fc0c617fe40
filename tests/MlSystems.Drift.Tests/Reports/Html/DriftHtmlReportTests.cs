using System.Globalization;
using System.Text.RegularExpressions;
using MlSystems.Drift.Tests.Support;

namespace MlSystems.Drift.Tests.Reports.Html;

public sealed partial class DriftHtmlReportTests
{
    private static readonly DriftDataset Reference = ReportData.Make(4000, seed: 1);
    private static readonly DriftDataset Shifted = ReportData.Make(3000, seed: 2, amountShift: 0.6, newCountryShare: 0.2, missingShare: 0.05);
    private static readonly ReferenceProfile Profile = ReferenceProfile.Fit(Reference);

    internal static string Render(DriftHtmlReportOptions? options = null)
    {
        DriftReport report = DriftReport.Compute(Profile, Shifted, new DriftReportOptions { MaxDegreeOfParallelism = 1 });
        return DriftHtmlReport.Render(report, Profile, Shifted, options);
    }

    [Fact]
    public void The_page_is_self_contained_with_no_script_and_no_address_outside_itself()
    {
        string html = Render();

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=\"(?!#)", html);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_feature_has_a_table_row_and_a_histogram_with_its_verdict()
    {
        DriftReport report = DriftReport.Compute(Profile, Shifted);
        string html = DriftHtmlReport.Render(report, Profile, Shifted);

        foreach (FeatureDriftResult feature in report.Features)
        {
            string drifted = feature.Drifted ? "true" : "false";
            Assert.Contains($"<tr data-feature=\"{feature.Name}\" class=\"{(feature.Drifted ? "drifted" : "stable")}\">", html, StringComparison.Ordinal);
            Assert.Contains($"data-feature=\"{feature.Name}\" data-drifted=\"{drifted}\"", html, StringComparison.Ordinal);
            Assert.Contains(feature.Result.Statistic.ToString("G4", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        }

        Assert.Equal(report.Features.Count, SvgPattern().Count(html));
        Assert.Contains($"data-dataset-drifted=\"{(report.DatasetDrifted ? "true" : "false")}\"", html, StringComparison.Ordinal);
        Assert.Contains("<dt>current rows</dt><dd>3000</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>reference rows</dt><dd>4000</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_bars_are_the_exact_shares_of_each_sample_per_bin()
    {
        string html = Render(new DriftHtmlReportOptions { Bins = 10 });
        string age = Section(html, "age");
        double[] reference = Shares(age, "reference"), current = Shares(age, "current");

        Assert.Equal(10, reference.Length);
        Assert.Equal(1, reference.Sum(), 12);
        Assert.Equal(1, current.Sum(), 12);

        // Recount the reference by hand with the page's rule: equal-width bins over both samples, last bin closed.
        double[] all = [.. Reference.Find("age")!.NumericValues.ToArray(), .. Shifted.Find("age")!.NumericValues.ToArray()];
        double lo = all.Min(), hi = all.Max();
        double[] edges = [.. Enumerable.Range(0, 11).Select(i => i == 10 ? hi : (lo * (1 - (i / 10.0))) + (hi * (i / 10.0)))];
        double[] expected = new double[10];
        foreach (double v in Reference.Find("age")!.NumericValues.ToArray())
        {
            int bin = Enumerable.Range(0, 10).Last(k => v >= edges[k]);
            expected[bin] += 1.0 / 4000;
        }

        Assert.Equal(expected, reference, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Categorical_bars_show_new_categories_and_fold_the_tail_into_other()
    {
        string country = Section(Render(), "country");
        Assert.Contains("current BR: 1", country, StringComparison.Ordinal);
        Assert.Contains("reference BR: 0.00%", country, StringComparison.Ordinal);

        var many = new DriftDataset([FeatureColumn.Categorical("code", Enumerable.Range(0, 600).Select(i => $"c{i % 30}"))]);
        ReferenceProfile profile = ReferenceProfile.Fit(many);
        string html = DriftHtmlReport.Render(DriftReport.Compute(profile, many), profile, many, new DriftHtmlReportOptions { MaxCategories = 5 });
        Assert.Equal(10, BarPattern().Count(html));
        Assert.Contains(">(26 others)<", html, StringComparison.Ordinal);
        Assert.Equal(1, Shares(html, "current").Sum(), 12);
    }

    [Fact]
    public void A_category_that_looks_like_a_range_is_still_labelled_as_a_category_and_wide_ranges_bin_finitely()
    {
        var data = new DriftDataset([FeatureColumn.Categorical("tier", ["[none]", "gold", "[none]"]), FeatureColumn.Numeric("wide", [-1e70, 0, 1e70])]);
        ReferenceProfile profile = ReferenceProfile.Fit(data);

        string html = DriftHtmlReport.Render(DriftReport.Compute(profile, data), profile, data);

        Assert.Contains("<title>[none]</title>[none]</text>", Section(html, "tier"), StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
        Assert.Equal(1, Shares(Section(html, "wide"), "reference").Sum(), 12);
    }

    [Fact]
    public void Text_from_the_data_is_encoded()
    {
        const string Name = "<script>alert(\"x\")</script> & co";
        var data = new DriftDataset([FeatureColumn.Numeric(Name, [1.0, 2, 3, 4]), FeatureColumn.Categorical("c", ["<b>", "a&b", "<b>", "x"])]);
        ReferenceProfile profile = ReferenceProfile.Fit(data);

        string html = DriftHtmlReport.Render(DriftReport.Compute(profile, data), profile, data, new DriftHtmlReportOptions { Title = "Q3 <review>" });

        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co", html, StringComparison.Ordinal);
        Assert.Contains("<title>Q3 &lt;review&gt;</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_inputs_give_the_same_bytes_and_a_date_only_when_asked()
    {
        Assert.Equal(Render(), Render());
        Assert.DoesNotContain("<time", Render(), StringComparison.Ordinal);
        Assert.Contains("datetime=\"2026-11-29T10:00:00.0000000+00:00\"", Render(new DriftHtmlReportOptions { GeneratedAt = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero) }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_reference_is_drawn_from_its_sketch_and_says_so()
    {
        DriftDataset big = ReportData.Make(3000, seed: 3);
        ReferenceProfile sketched = ReferenceProfile.Fit(big, new ProfileOptions { MaxExactSampleSize = 100 });

        string html = DriftHtmlReport.Render(DriftReport.Compute(sketched, Shifted), sketched, Shifted);

        Assert.Contains("read off the profile's quantile sketch", Section(html, "amount"), StringComparison.Ordinal);
        Assert.Equal(1, Shares(Section(html, "amount"), "reference").Sum(), 9);
    }

    [Fact]
    public async Task Writing_a_file_replaces_it_atomically_and_bad_arguments_are_named()
    {
        string directory = Directory.CreateTempSubdirectory("mlsystems-html-").FullName;
        try
        {
            string path = Path.Combine(directory, "report.html");
            await File.WriteAllTextAsync(path, "old");
            DriftReport report = DriftReport.Compute(Profile, Shifted);

            await DriftHtmlReport.WriteFileAsync(path, report, Profile, Shifted);

            Assert.Equal(DriftHtmlReport.Render(report, Profile, Shifted), await File.ReadAllTextAsync(path));
            Assert.Single(Directory.GetFiles(directory));
            Assert.Equal("Bins", Assert.Throws<ArgumentOutOfRangeException>(() => DriftHtmlReport.Render(report, Profile, Shifted, new DriftHtmlReportOptions { Bins = 1 })).ParamName);
            var other = new DriftDataset([FeatureColumn.Numeric("age", [1.0, 2.0])]);
            Assert.Equal("current", Assert.Throws<FeatureArgumentException>(() => DriftHtmlReport.Render(report, Profile, other)).ParamName);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static string Section(string html, string feature)
    {
        int start = html.IndexOf($"<section class=\"feature\" id=\"feature-{feature}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section for {feature}");
        return html[start..(html.IndexOf("</section>", start, StringComparison.Ordinal) + 10)];
    }

    internal static double[] Shares(string html, string sample) =>
        [.. Regex.Matches(html, $"<rect class=\"bar {sample}\" data-share=\"([^\"]+)\"").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex("<svg class=\"histogram\"")]
    private static partial Regex SvgPattern();

    [GeneratedRegex("<rect class=\"bar ")]
    private static partial Regex BarPattern();
}
