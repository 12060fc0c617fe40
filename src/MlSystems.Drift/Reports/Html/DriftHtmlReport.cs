using System.Globalization;
using System.Net;
using System.Text;
using MlSystems.IO;

namespace MlSystems.Drift;

/// <summary>
/// Renders a <see cref="DriftReport"/> as one self-contained HTML page: a dataset summary and verdict, a table of every
/// feature's test, statistic, p-value, effect size and verdict, and per feature the reference and current
/// distributions as an inline SVG histogram. No scripts, fonts, styles or images are fetched: the page opens offline.
/// </summary>
/// <remarks>
/// Numeric histograms use equal-width bins over both samples' range; reference shares are exact when the profile kept
/// its sample and read off the quantile sketch otherwise (the page says so). Categorical charts show the most frequent
/// categories of either sample. Missing values are left out of the charts and reported as shares. All text is
/// HTML-encoded. Without <see cref="DriftHtmlReportOptions.GeneratedAt"/> the output is a pure function of the inputs.
/// </remarks>
public static class DriftHtmlReport
{
    private const int ChartWidth = 640;
    private const int ChartHeight = 220;
    private const int Left = 48;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 44;
    private const string ReferenceColour = "#4c78a8";
    private const string CurrentColour = "#f58518";

    /// <summary>Renders the report as an HTML page.</summary>
    /// <param name="report">The report to show.</param>
    /// <param name="reference">The profile the report was computed against.</param>
    /// <param name="current">The data the report was computed on.</param>
    /// <param name="options">Layout; defaults when null.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A reported feature is missing from the profile or the data.</exception>
    public static string Render(DriftReport report, ReferenceProfile reference, DriftDataset current, DriftHtmlReportOptions? options = null) =>
        Build(report, reference, current, options).ToString();

    /// <summary>Writes the page to a file atomically: a temporary file beside it is renamed over it when complete.</summary>
    /// <param name="path">The file to write; replaced when it exists.</param>
    /// <param name="report">The report to show.</param>
    /// <param name="reference">The profile the report was computed against.</param>
    /// <param name="current">The data the report was computed on.</param>
    /// <param name="options">Layout; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the write; the target is then untouched.</param>
    /// <exception cref="ArgumentException">The path is empty, or a reported feature is missing from the profile or the data.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static async Task WriteFileAsync(string path, DriftReport report, ReferenceProfile reference, DriftDataset current, DriftHtmlReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string html = Render(report, reference, current, options);
        await AtomicFile.WriteTextAsync(path, html, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the page to a text writer.</summary>
    /// <param name="writer">Where the page goes.</param>
    /// <param name="report">The report to show.</param>
    /// <param name="reference">The profile the report was computed against.</param>
    /// <param name="current">The data the report was computed on.</param>
    /// <param name="options">Layout; defaults when null.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A reported feature is missing from the profile or the data.</exception>
    public static void Write(TextWriter writer, DriftReport report, ReferenceProfile reference, DriftDataset current, DriftHtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Build(report, reference, current, options));
    }

    private static StringBuilder Build(DriftReport report, ReferenceProfile reference, DriftDataset current, DriftHtmlReportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftHtmlReportOptions();
        options.Validate();
        var features = new List<(FeatureDriftResult Result, HistogramView? View)>(report.Features.Count);
        foreach (FeatureDriftResult result in report.Features)
        {
            FeatureProfile profile = reference.Find(result.Name) ?? throw new FeatureArgumentException(result.Name, $"Feature '{result.Name}' is in the report but not in the reference profile.", nameof(reference));
            FeatureColumn column = current.Find(result.Name) ?? throw new FeatureArgumentException(result.Name, $"Feature '{result.Name}' is in the report but not in the current data.", nameof(current));
            features.Add((result, result.Kind == FeatureKind.Numeric ? HistogramView.Numeric(profile, column, options.Bins) : HistogramView.Categorical(profile, column, options.MaxCategories)));
        }

        var html = new StringBuilder(16_384 + (features.Count * 8_192));
        long referenceRows = reference.Features.Count == 0 ? 0 : reference.Features.Max(f => f.Count + f.MissingCount);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append(Encode(options.Title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<header>\n<h1>")
            .Append(Encode(options.Title)).Append("</h1>\n");
        if (options.GeneratedAt is DateTimeOffset at)
        {
            html.Append("<p class=\"generated\">Generated <time datetime=\"").Append(Format($"{at:O}")).Append("\">").Append(Format($"{at:yyyy-MM-dd HH:mm:ss 'UTC'zzz}")).Append("</time></p>\n");
        }

        AppendSummary(html, report, options, referenceRows);
        html.Append("</header>\n<main>\n");
        AppendTable(html, features.Select(f => f.Result));
        foreach ((FeatureDriftResult result, HistogramView? view) in features)
        {
            AppendFeature(html, result, view, options);
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html;
    }

    private static void AppendSummary(StringBuilder html, DriftReport report, DriftHtmlReportOptions options, long referenceRows)
    {
        string verdict = report.DatasetDrifted ? "Drift detected" : "No dataset drift";
        html.Append("<section id=\"summary\" data-dataset-drifted=\"").Append(report.DatasetDrifted ? "true" : "false").Append("\">\n<p class=\"verdict ")
            .Append(report.DatasetDrifted ? "drifted" : "stable").Append("\">").Append(verdict).Append("</p>\n<dl>\n");
        Term(html, Format($"{Encode(options.ReferenceName)} rows"), Format($"{referenceRows}"));
        Term(html, Format($"{Encode(options.CurrentName)} rows"), Format($"{report.CurrentRowCount}"));
        Term(html, "Features", Format($"{report.Features.Count}"));
        Term(html, "Drifted features", Format($"{report.DriftedFeatureCount} ({Percent(report.DriftedShare, 1)})"));
        Term(html, "Dataset drift when", Format($"at least {Percent(report.DatasetDriftShare, 0)} of features drift"));
        Term(html, "Multiple-testing correction", Encode(report.Correction.ToString()));
        html.Append("</dl>\n</section>\n");
    }

    private static void AppendTable(StringBuilder html, IEnumerable<FeatureDriftResult> results)
    {
        html.Append("<table id=\"features\">\n<thead><tr><th scope=\"col\">Feature</th><th scope=\"col\">Kind</th><th scope=\"col\">Test</th><th scope=\"col\">Statistic</th>")
            .Append("<th scope=\"col\">Threshold</th><th scope=\"col\">p-value</th><th scope=\"col\">Effect size</th><th scope=\"col\">Missing (ref / cur)</th><th scope=\"col\">Verdict</th></tr></thead>\n<tbody>\n");
        foreach (FeatureDriftResult f in results)
        {
            DriftTestResult r = f.Result;
            string pValue = r.PValue is double p
                ? f.AdjustedPValue is double adjusted && adjusted != p ? Format($"{p:G4} (adjusted {adjusted:G4})") : Format($"{p:G4}")
                : "—";
            html.Append("<tr data-feature=\"").Append(Encode(f.Name)).Append("\" class=\"").Append(f.Drifted ? "drifted" : "stable").Append("\"><th scope=\"row\"><a href=\"#feature-")
                .Append(Anchor(f.Name)).Append("\">").Append(Encode(f.Name)).Append("</a></th><td>").Append(f.Kind == FeatureKind.Numeric ? "numeric" : "categorical")
                .Append("</td><td>").Append(Encode(r.TestName)).Append("</td><td class=\"statistic\">").Append(Format($"{r.Statistic:G4}"))
                .Append("</td><td>").Append(Format($"{r.Threshold:G4}")).Append("</td><td class=\"p-value\">").Append(pValue)
                .Append("</td><td class=\"effect\">").Append(Format($"{r.EffectSize:G4}")).Append(f.MissingShareRose ? "</td><td class=\"missing rose\" title=\"the missing share rose\">" : "</td><td class=\"missing\">")
                .Append(Format($"{Percent(f.ReferenceMissingShare, 1)} / {Percent(f.CurrentMissingShare, 1)}")).Append(f.MissingShareRose ? " ▲ rose" : string.Empty)
                .Append("</td><td class=\"verdict\">").Append(f.Drifted ? "drifted" : "stable").Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendFeature(StringBuilder html, FeatureDriftResult result, HistogramView? view, DriftHtmlReportOptions options)
    {
        html.Append("<section class=\"feature\" id=\"feature-").Append(Anchor(result.Name)).Append("\" data-feature=\"").Append(Encode(result.Name))
            .Append("\" data-drifted=\"").Append(result.Drifted ? "true" : "false").Append("\">\n<h2>").Append(Encode(result.Name))
            .Append(" <span class=\"badge ").Append(result.Drifted ? "drifted\">drifted" : "stable\">stable").Append("</span></h2>\n<p>")
            .Append(Encode(result.Result.TestName)).Append(Format($" = {result.Result.Statistic:G4} against a threshold of {result.Result.Threshold:G4}"));
        if (result.Result.PValue is double p)
        {
            html.Append(Format($", p = {p:G4}"));
        }

        html.Append(Format($"; effect size {result.Result.EffectSize:G4}.")).Append("</p>\n");
        if (result.Approximate)
        {
            // The test ran on the sketch's quantiles: say how far the statistic can be from the exact one.
            IReadOnlyDictionary<string, double> details = result.Result.Details;
            html.Append("<p class=\"note approximate\">Approximate: the reference profile keeps a sketch of its ")
                .Append(Format($"{result.Result.ReferenceCount:N0} values (rank error {details[DriftTestResult.SketchRankErrorDetail]:P2}), tested through {details[DriftTestResult.SketchQuantilesDetail]:N0} of its quantiles"));
            if (details.TryGetValue(DriftTestResult.StatisticErrorBoundDetail, out double bound))
            {
                html.Append(Format($"; the statistic is within {bound:G3} of the exact one (with the sketch's 99% probability), the p-value between {details["pValueLow"]:G3} and {details["pValueHigh"]:G3}, and the verdict uses the higher"));
            }

            html.Append(".</p>\n");
        }

        if (view is null)
        {
            html.Append("<p class=\"empty\">No finite values to draw.</p>\n</section>\n");
            return;
        }

        AppendChart(html, result.Name, view, options);
        if (view.Approximate)
        {
            html.Append("<p class=\"note\">Reference shares are read off the profile's quantile sketch.</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void AppendChart(StringBuilder html, string name, HistogramView view, DriftHtmlReportOptions options)
    {
        int bins = view.Labels.Length;
        double max = Math.Max(view.Reference.Max(), view.Current.Max());
        max = max <= 0 ? 1 : max;
        double plotWidth = ChartWidth - Left - Right, plotHeight = ChartHeight - Top - Bottom;
        double slot = plotWidth / bins, bar = slot * 0.4;
        html.Append(Format($"<svg class=\"histogram\" role=\"img\" viewBox=\"0 0 {ChartWidth} {ChartHeight}\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" aria-label=\""))
            .Append(Encode($"Histogram of {name}: {options.ReferenceName} and {options.CurrentName}")).Append("\">\n<title>").Append(Encode(name)).Append("</title>\n");
        html.Append(Format($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\"/>\n"));
        html.Append(Format($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\"/>\n"));
        html.Append(Format($"<text class=\"tick\" x=\"{Left - 4}\" y=\"{Top + 4}\" text-anchor=\"end\">{Percent(max, 0)}</text>\n"));
        html.Append(Format($"<text class=\"tick\" x=\"{Left - 4}\" y=\"{Top + plotHeight}\" text-anchor=\"end\">0%</text>\n"));
        for (int i = 0; i < bins; i++)
        {
            double x = Left + (i * slot) + (slot * 0.1);
            Bar(html, "reference", x, bar, view.Reference[i], max, plotHeight, options.ReferenceName, view.Labels[i]);
            Bar(html, "current", x + bar, bar, view.Current[i], max, plotHeight, options.CurrentName, view.Labels[i]);
        }

        // Numeric charts label the range's ends; categorical ones every bar, shortened, with the full name on hover.
        double labelY = Top + plotHeight + 16;
        if (view.IsNumeric)
        {
            html.Append(Format($"<text class=\"tick\" x=\"{Left}\" y=\"{labelY}\">")).Append(Encode(view.Labels[0])).Append("</text>\n");
            html.Append(Format($"<text class=\"tick\" x=\"{Left + plotWidth}\" y=\"{labelY}\" text-anchor=\"end\">")).Append(Encode(view.Labels[^1])).Append("</text>\n");
        }
        else
        {
            for (int i = 0; i < bins; i++)
            {
                string label = view.Labels[i].Length > 10 ? string.Concat(view.Labels[i].AsSpan(0, 9), "…") : view.Labels[i];
                html.Append(Format($"<text class=\"tick category\" x=\"{Left + (i * slot) + (slot / 2):0.##}\" y=\"{labelY}\" text-anchor=\"middle\"><title>"))
                    .Append(Encode(view.Labels[i])).Append("</title>").Append(Encode(label)).Append("</text>\n");
            }
        }

        double legendY = ChartHeight - 8;
        html.Append(Format($"<rect class=\"legend reference\" x=\"{Left}\" y=\"{legendY - 9}\" width=\"10\" height=\"10\" fill=\"{ReferenceColour}\"/><text class=\"legend\" x=\"{Left + 14}\" y=\"{legendY}\">"))
            .Append(Encode(options.ReferenceName)).Append("</text>\n");
        html.Append(Format($"<rect class=\"legend current\" x=\"{Left + 120}\" y=\"{legendY - 9}\" width=\"10\" height=\"10\" fill=\"{CurrentColour}\"/><text class=\"legend\" x=\"{Left + 134}\" y=\"{legendY}\">"))
            .Append(Encode(options.CurrentName)).Append("</text>\n</svg>\n");
    }

    private static void Bar(StringBuilder html, string sample, double x, double width, double share, double max, double plotHeight, string sampleName, string bin)
    {
        double height = share / max * plotHeight;
        html.Append(Format($"<rect class=\"bar {sample}\" data-share=\"{share:R}\" x=\"{x:0.##}\" y=\"{Top + plotHeight - height:0.##}\" width=\"{width:0.##}\" height=\"{height:0.##}\" fill=\"{(sample == "reference" ? ReferenceColour : CurrentColour)}\"><title>"))
            .Append(Encode(sampleName)).Append(' ').Append(Encode(bin)).Append(Format($": {Percent(share, 2)}")).Append("</title></rect>\n");
    }

    private static void Term(StringBuilder html, string term, string value) =>
        html.Append("<dt>").Append(term).Append("</dt><dd>").Append(value).Append("</dd>\n");

    /// <summary>A share as a percentage with the sign attached ("12.5%"); the invariant culture's P format spaces it.</summary>
    private static string Percent(double share, int decimals) =>
        (share * 100).ToString(decimals switch { 0 => "0", 1 => "0.0", _ => "0.00" }, CultureInfo.InvariantCulture) + "%";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>An id-safe form of a feature name, unique per name (the hex of its characters where they are not plain).</summary>
    private static string Anchor(string name)
    {
        var id = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                id.Append(c);
            }
            else
            {
                id.Append(Format($".{(int)c:x4}"));
            }
        }

        return id.ToString();
    }

    private const string Style = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 980px; color: #1f2328; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin-bottom: .25rem; }
        h2 { font-size: 1.15rem; margin: 2rem 0 .25rem; }
        .generated { color: #656d76; margin-top: 0; }
        .verdict { font-size: 1.2rem; font-weight: 600; padding: .5rem .75rem; border-radius: 6px; display: inline-block; }
        .verdict.drifted { background: #ffebe9; color: #a40e26; }
        .verdict.stable { background: #dafbe1; color: #116329; }
        dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
        dt { color: #656d76; }
        dd { margin: 0; font-variant-numeric: tabular-nums; }
        table { border-collapse: collapse; width: 100%; margin-top: 1.5rem; font-variant-numeric: tabular-nums; }
        th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d0d7de; }
        thead th { background: #f6f8fa; }
        tr.drifted td.verdict, .badge.drifted { color: #a40e26; font-weight: 600; }
        tr.stable td.verdict, .badge.stable { color: #116329; }
        td.missing.rose { color: #9a6700; font-weight: 600; }
        .badge { font-size: .8rem; border: 1px solid currentColor; border-radius: 1rem; padding: 0 .5rem; vertical-align: middle; }
        svg.histogram { max-width: 100%; height: auto; }
        svg .axis { stroke: #8c959f; stroke-width: 1; }
        svg text { font-size: 11px; fill: #57606a; }
        .note, .empty { color: #656d76; font-size: .9rem; }

        """;
}
