using System.Globalization;
using System.Text;
using MlSystems.Cli.Csv;
using MlSystems.Drift;
using MlSystems.IO;

namespace MlSystems.Cli.Drift;

/// <summary>Runs <c>mlsys drift</c>: loads both files, computes the report, prints a table, writes the requested files.</summary>
internal static class DriftCommandRunner
{
    /// <summary>Compares the files, prints the table, writes the requested reports.</summary>
    /// <returns>0 when nothing drifted as <see cref="DriftCommandSettings"/> asks, 1 otherwise.</returns>
    /// <exception cref="ArgumentException">A file is missing or the options do not fit the files.</exception>
    /// <exception cref="Csv.CsvFormatException">A file is malformed.</exception>
    public static async Task<int> RunAsync(DriftCommandSettings settings, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        // The outputs are checked before the inputs are read: a run must not end, minutes later, unable to write.
        RequireWritable(settings.Json, "--json");
        RequireWritable(settings.Report, "--report");
        var progress = new Progress(error, time, settings.ShowProgress);
        CsvSchema schema = CsvDatasetLoader.InferSchema(settings.Reference, settings.Delimiter, settings.DelimiterChosen, settings.Overrides, progress);

        // The choices are checked against the schema before the files are loaded.
        DriftReportOptions reportOptions = settings.Choices.ToReportOptions(schema, settings.DatasetDriftShare);
        DriftDataset reference = CsvDatasetLoader.Load(settings.Reference, settings.Delimiter, settings.DelimiterChosen, schema, progress);
        DriftDataset current = CsvDatasetLoader.Load(settings.Current, settings.Delimiter, settings.DelimiterChosen, schema, progress);
        // The CLI has every reference value, so every test is exact at any size: the whole column is kept, not a sketch.
        ReferenceProfile profile = ReferenceProfile.Fit(reference, new ProfileOptions { MaxExactSampleSize = reference.RowCount });
        DriftReport report = DriftReport.Compute(profile, current, reportOptions);

        PrintTable(output, report, reference.RowCount, schema);
        if (settings.Json is { } json)
        {
            await AtomicFile.WriteTextAsync(json, report.ToJson(), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"JSON report: {json}").ConfigureAwait(false);
        }

        if (settings.Report is { } html)
        {
            var options = new DriftHtmlReportOptions
            {
                Title = $"Drift: {Path.GetFileName(settings.Current)} against {Path.GetFileName(settings.Reference)}",
                ReferenceName = Path.GetFileName(settings.Reference),
                CurrentName = Path.GetFileName(settings.Current),
                GeneratedAt = time.GetUtcNow(),
            };
            await DriftHtmlReport.WriteFileAsync(html, report, profile, current, options, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"HTML report: {html}").ConfigureAwait(false);
        }

        bool drifted = settings.FailOnDataset ? report.DatasetDrifted : report.DriftedFeatureCount > 0;
        return drifted ? ExitCodes.Drift : ExitCodes.NoDrift;
    }

    /// <summary>Refuses an output path whose folder does not exist or that names a folder.</summary>
    private static void RequireWritable(string? path, string option)
    {
        if (path is null)
        {
            return;
        }

        if (Directory.Exists(path))
        {
            throw new ArgumentException($"{option} '{path}' is a directory; give the path of the file to write.");
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new ArgumentException($"{option} '{path}': the folder '{folder}' does not exist.");
        }
    }

    private static void PrintTable(TextWriter output, DriftReport report, int referenceRows, CsvSchema schema)
    {
        string[] header = ["feature", "kind", "test", "statistic", "threshold", "p-value", "missing (ref / cur)", "verdict"];
        List<string[]> rows = [.. report.Features.Select(f => new[]
        {
            f.Name,
            f.Kind == FeatureKind.Numeric ? "numeric" : "categorical",
            f.Result.TestName,
            f.Result.Statistic.ToString("G4", CultureInfo.InvariantCulture),
            f.Result.Threshold.ToString("G4", CultureInfo.InvariantCulture),
            (f.AdjustedPValue ?? f.Result.PValue) is double p ? p.ToString("G3", CultureInfo.InvariantCulture) : "-",
            MissingShares(f) + (f.MissingShareRose ? " ROSE" : string.Empty),
            f.Drifted ? "DRIFT" : "ok",
        })];
        int[] widths = [.. header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length)))];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Features.Count} features, {referenceRows} reference rows, {report.CurrentRowCount} current rows"));
        foreach (string[] row in rows.Prepend(header))
        {
            var line = new StringBuilder();
            for (int i = 0; i < row.Length; i++)
            {
                line.Append(i < 3 ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i])).Append("  ");
            }

            output.WriteLine(line.ToString().TrimEnd());
        }

        string[] excluded = [.. schema.Columns.Where((name, i) => schema.Kinds[i] == ColumnKind.Excluded && !schema.Notes.ContainsKey(name))];
        if (excluded.Length > 0)
        {
            output.WriteLine($"excluded: {string.Join(", ", excluded)}");
        }

        foreach ((string name, string note) in schema.Notes)
        {
            output.WriteLine($"left out: {name} ({note})");
        }

        foreach (FeatureDriftResult rose in report.Features.Where(f => f.MissingShareRose))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"missing values rose: {rose.Name} ({MissingShares(rose)}, p = {rose.MissingShareTest!.PValue:G3})"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.DriftedFeatureCount} of {report.Features.Count} features drifted ({report.DriftedShare * 100:0.#}%); dataset drift: {(report.DatasetDrifted ? "yes" : "no")}"));
    }

    private static string MissingShares(FeatureDriftResult f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.ReferenceMissingShare * 100:0.0#}% / {f.CurrentMissingShare * 100:0.0#}%");
}
