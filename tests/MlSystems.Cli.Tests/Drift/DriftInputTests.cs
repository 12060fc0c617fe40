using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlSystems.Cli.Tests.Drift;

/// <summary>
/// What a data scientist meets on files the fixtures do not cover: a reference larger than a profile keeps exactly,
/// dates and identifiers among the columns, a field that starts going missing, and inputs that cannot work.
/// </summary>
public sealed class DriftInputTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("mlsys-input-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_reference_above_one_hundred_thousand_rows_is_tested_exactly_against_scipy()
    {
        using JsonDocument expected = JsonDocument.Parse(await File.ReadAllTextAsync(CliRun.Fixture("large_reference_expected.json")));
        int referenceRows = expected.RootElement.GetProperty("referenceRows").GetInt32(), currentRows = expected.RootElement.GetProperty("currentRows").GetInt32();
        // The formulas of generate_large_reference.py: integers divided by a power of ten, the same doubles in both.
        string reference = Write("reference.csv", "x", Enumerable.Range(0, referenceRows).Select(i => (i * 7919L % 100_003) / 1000.0));
        string current = Write("current.csv", "x", Enumerable.Range(0, currentRows).Select(j => ((j * 104_729L % 50_021) / 500.0) + 3.0));
        string json = Path.Combine(directory, "report.json");

        CliRun run = await CliRun.RunAsync("drift", "-r", reference, "-c", current, "--json", json, "--no-progress");

        Assert.Equal(1, run.ExitCode);
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        JsonElement x = report.RootElement.GetProperty("results")[0];
        Assert.Equal("wasserstein", x.GetProperty("test").GetString());
        Assert.Equal(referenceRows, x.GetProperty("referenceCount").GetInt64());
        Tolerance.AssertClose(expected.RootElement.GetProperty("wasserstein").GetDouble(), x.GetProperty("details").GetProperty("raw").GetDouble(), 1e-13, "raw Wasserstein distance");
        Tolerance.AssertClose(expected.RootElement.GetProperty("referenceStdDev").GetDouble(), x.GetProperty("details").GetProperty("referenceStdDev").GetDouble(), 1e-13, "reference standard deviation");
    }

    [Fact]
    public async Task Date_and_identifier_columns_are_left_out_with_the_reason_unless_a_type_names_them()
    {
        var random = new Random(7);
        string[] header = ["day", "stamp", "user", "amount", "plan"];
        string Row(int i, int dayOffset) => string.Join(',',
            new DateOnly(2024, 1, 1).AddDays(dayOffset + (i % 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(dayOffset + i).ToString("M/d/yyyy H:mm", CultureInfo.InvariantCulture),
            $"u{i + dayOffset:D6}",
            (random.NextDouble() * 100).ToString("R", CultureInfo.InvariantCulture),
            i % 3 == 0 ? "pro" : "free");
        string reference = WriteLines("reference.csv", header, Enumerable.Range(0, 400).Select(i => Row(i, 0)));
        string current = WriteLines("current.csv", header, Enumerable.Range(0, 300).Select(i => Row(i, 1000)));

        CliRun run = await CliRun.RunAsync("drift", "-r", reference, "-c", current, "--no-progress");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("2 features", run.Output, StringComparison.Ordinal);
        Assert.Contains("left out: day (dates or times", run.Output, StringComparison.Ordinal);
        Assert.Contains("left out: stamp (dates or times", run.Output, StringComparison.Ordinal);
        Assert.Contains("left out: user (identifier-like: 100.0% of its 400 values are distinct", run.Output, StringComparison.Ordinal);

        CliRun named = await CliRun.RunAsync("drift", "-r", reference, "-c", current, "--no-progress", "--type", "day=categorical");
        Assert.Contains("3 features", named.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("left out: day", named.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rising_missing_share_is_flagged_in_the_table_the_json_and_the_html()
    {
        var random = new Random(3);
        string Cell(double missingShare) => random.NextDouble() < missingShare ? "" : (random.NextDouble() * 10).ToString("R", CultureInfo.InvariantCulture);
        string reference = WriteLines("reference.csv", ["income", "age"], Enumerable.Range(0, 2000).Select(_ => $"{Cell(0.226)},{Cell(0.05)}"));
        string current = WriteLines("current.csv", ["income", "age"], Enumerable.Range(0, 2000).Select(_ => $"{Cell(0.341)},{Cell(0.05)}"));
        string json = Path.Combine(directory, "report.json");
        string html = Path.Combine(directory, "report.html");

        CliRun run = await CliRun.RunAsync("drift", "-r", reference, "-c", current, "--json", json, "--report", html, "--no-progress");

        Assert.Contains("missing values rose: income (", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("missing values rose: age", run.Output, StringComparison.Ordinal);
        Assert.Contains("ROSE", run.Output, StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(1, report.RootElement.GetProperty("missingShareRose").GetInt32());
        JsonElement income = report.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("feature").GetString() == "income");
        Assert.True(income.GetProperty("missingShareRose").GetBoolean());
        Assert.True(income.GetProperty("missingSharePValue").GetDouble() < 1e-6);
        Assert.Contains("class=\"missing rose\"", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_given_as_a_file_or_as_an_output_is_named_as_a_directory()
    {
        CliRun input = await CliRun.RunAsync("drift", "-r", directory, "-c", CliRun.Fixture("current_stable.csv"), "--no-progress");
        Assert.Equal(2, input.ExitCode);
        Assert.Contains($"'{directory}' is a directory; give the path of a CSV file", input.Error, StringComparison.Ordinal);

        CliRun output = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_stable.csv"), "--json", directory, "--no-progress");
        Assert.Equal(2, output.ExitCode);
        Assert.Contains($"--json '{directory}' is a directory", output.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_into_a_missing_folder_is_refused_before_anything_runs_or_is_written()
    {
        string json = Path.Combine(directory, "out.json");
        string html = Path.Combine(directory, "no-such-folder", "report.html");

        CliRun run = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_shifted.csv"), "--json", json, "--report", html, "--no-progress");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--report '{html}': the folder '{Path.GetDirectoryName(html)}' does not exist", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
        Assert.Equal([], Directory.GetFiles(directory));
    }

    [Fact]
    public async Task An_all_blank_column_names_the_file_and_the_column_and_suggests_exclude()
    {
        string reference = WriteLines("reference.csv", ["amount", "notes"], Enumerable.Range(0, 50).Select(i => $"{i},"));
        string current = WriteLines("current.csv", ["amount", "notes"], Enumerable.Range(0, 50).Select(i => $"{i},x"));

        CliRun run = await CliRun.RunAsync("drift", "-r", reference, "-c", current, "--no-progress");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"The column 'notes' of {reference} is missing in every row", run.Error, StringComparison.Ordinal);
        Assert.Contains("--exclude notes", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", run.Error, StringComparison.Ordinal);

        CliRun excluded = await CliRun.RunAsync("drift", "-r", reference, "-c", current, "--no-progress", "--exclude", "notes");
        Assert.Equal(0, excluded.ExitCode);
    }

    [Theory]
    [InlineData(";", "looks separated by ';', not ',': use -d ';'")]
    [InlineData("\t", "looks separated by tabs, not ',': use -d tab")]
    [InlineData("|", "looks separated by '|', not ',': use -d '|'")]
    public async Task A_file_read_with_the_wrong_delimiter_gets_a_hint(string separator, string hint)
    {
        string file = WriteLines("semicolons.csv", [$"a{separator}b{separator}c"], Enumerable.Range(0, 5).Select(i => $"{i}{separator}{i}{separator}x"));

        CliRun run = await CliRun.RunAsync("drift", "-r", file, "-c", file, "--no-progress");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(hint, run.Error, StringComparison.Ordinal);

        CliRun right = await CliRun.RunAsync("drift", "-r", file, "-c", file, "--no-progress", "-d", separator == "\t" ? "tab" : separator);
        Assert.Equal(0, right.ExitCode);
        Assert.Contains("3 features", right.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_column_file_whose_name_holds_a_separator_loads_once_the_delimiter_is_named()
    {
        string file = WriteLines("one.csv", ["a;b"], Enumerable.Range(0, 20).Select(i => $"{i}"));

        Assert.Equal(2, (await CliRun.RunAsync("drift", "-r", file, "-c", file, "--no-progress")).ExitCode);
        CliRun named = await CliRun.RunAsync("drift", "-r", file, "-c", file, "--no-progress", "-d", ",");
        Assert.Equal(0, named.ExitCode);
        Assert.Contains("1 features", named.Output, StringComparison.Ordinal);
    }

    private string Write(string name, string column, IEnumerable<double> values) =>
        WriteLines(name, [column], values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private string WriteLines(string name, string[] header, IEnumerable<string> rows)
    {
        string path = Path.Combine(directory, name);
        var text = new StringBuilder().AppendJoin(',', header).Append('\n');
        foreach (string row in rows)
        {
            text.Append(row).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
