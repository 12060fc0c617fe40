using System.Diagnostics;
using System.Text.Json;

namespace MlSystems.Cli.Tests.Drift;

public sealed class DriftCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("mlsys-tests-").FullName;

    [Fact]
    public async Task Nothing_drifted_exits_zero_and_prints_every_feature()
    {
        CliRun run = await CliRun.RunAsync("drift", "--reference", CliRun.Fixture("reference.csv"), "--current", CliRun.Fixture("current_stable.csv"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("4 features, 800 reference rows, 600 current rows", run.Output, StringComparison.Ordinal);
        Assert.Contains("0 of 4 features drifted (0%); dataset drift: no", run.Output, StringComparison.Ordinal);
        foreach (string feature in new[] { "amount", "age", "country", "device" })
        {
            Assert.Contains(feature, run.Output, StringComparison.Ordinal);
        }

        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task A_drifted_feature_exits_one_and_the_json_matches_scipy()
    {
        string json = Path.Combine(directory, "out.json");
        CliRun run = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_shifted.csv"), "--json", json);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("DRIFT", run.Output, StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        foreach (string column in new[] { "amount", "age" })
        {
            JsonElement feature = Feature(report, column);
            (double statistic, double p) = await ScipyKsAsync("current_shifted", column);
            Assert.Equal("ks", feature.GetProperty("test").GetString());
            Assert.Equal(statistic, feature.GetProperty("statistic").GetDouble(), 1e-15);
            Assert.Equal(p, feature.GetProperty("pValue").GetDouble(), p * 1e-9);
        }

        Assert.True(Feature(report, "amount").GetProperty("drifted").GetBoolean());
        Assert.True(Feature(report, "country").GetProperty("drifted").GetBoolean());
        Assert.False(Feature(report, "age").GetProperty("drifted").GetBoolean());
    }

    [Fact]
    public async Task The_stable_files_statistics_match_scipy_too()
    {
        string json = Path.Combine(directory, "stable.json");
        CliRun run = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_stable.csv"), "--json", json);

        Assert.Equal(0, run.ExitCode);
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        (double statistic, double p) = await ScipyKsAsync("current_stable", "amount");
        Assert.Equal(statistic, Feature(report, "amount").GetProperty("statistic").GetDouble(), 1e-15);
        Assert.Equal(p, Feature(report, "amount").GetProperty("pValue").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task The_html_report_is_written_with_a_section_per_feature()
    {
        string html = Path.Combine(directory, "report.html");
        CliRun run = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_shifted.csv"), "--report", html);

        string page = await File.ReadAllTextAsync(html);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("<title>Drift: current_shifted.csv against reference.csv</title>", page, StringComparison.Ordinal);
        Assert.Equal(4, page.Split("<section class=\"feature\"").Length - 1);
        Assert.Contains("datetime=\"2026-11-29T00:00:00.0000000+00:00\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_on_dataset_exits_zero_while_fewer_than_the_share_drift()
    {
        CliRun feature = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_shifted.csv"), "--fail-on", "dataset", "--dataset-drift-share", "0.75");
        CliRun dataset = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_shifted.csv"), "--fail-on", "dataset");

        Assert.Equal(0, feature.ExitCode);
        Assert.Contains("dataset drift: no", feature.Output, StringComparison.Ordinal);
        Assert.Equal(1, dataset.ExitCode);
    }

    [Fact]
    public async Task Types_can_be_overridden_and_columns_excluded()
    {
        string json = Path.Combine(directory, "typed.json");
        CliRun run = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_stable.csv"), "--type", "age=categorical", "--exclude", "amount", "--json", json);

        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("categorical", Feature(report, "age").GetProperty("kind").GetString(), ignoreCase: true);
        Assert.DoesNotContain(report.RootElement.GetProperty("results").EnumerateArray(), f => f.GetProperty("feature").GetString() == "amount");
        Assert.Contains("excluded: amount", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_delimiter_and_quoted_fields_read_as_the_same_table()
    {
        string reference = Path.Combine(directory, "semi.csv");
        await File.WriteAllTextAsync(reference, string.Join("\r\n", (await File.ReadAllLinesAsync(CliRun.Fixture("reference.csv"))).Select((line, i) =>
        {
            string[] cells = line.Split(',');
            return i == 0 ? string.Join(';', cells) : $"{cells[0]};{cells[1]};\"{cells[2]}\";\"{cells[3]}\"";
        })));
        string json = Path.Combine(directory, "semi.json");

        CliRun run = await CliRun.RunAsync("drift", "-r", reference, "-c", reference, "-d", ";", "--json", json);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(await PlainJsonAsync("reference.csv"), await File.ReadAllTextAsync(json));
    }

    [Fact]
    public async Task A_byte_order_mark_crlf_and_blank_lines_read_as_the_plain_file()
    {
        string[] lines = await File.ReadAllLinesAsync(CliRun.Fixture("current_stable.csv"));
        string messy = Path.Combine(directory, "messy.csv");
        await File.WriteAllTextAsync(messy, string.Join("\r\n", lines.Take(100)) + "\r\n\r\n" + string.Join("\r\n", lines.Skip(100)) + "\r\n\r\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        string messyJson = Path.Combine(directory, "messy.json");

        CliRun run = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", messy, "--json", messyJson);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(await PlainJsonAsync("current_stable.csv"), await File.ReadAllTextAsync(messyJson));
    }

    [Fact]
    public async Task A_trailing_delimiter_is_an_error_naming_the_line_and_na_is_a_category_not_a_gap()
    {
        string trailing = Path.Combine(directory, "trailing.csv");
        await File.WriteAllTextAsync(trailing, "a,b\n1,x\n2,y,\n");
        string countries = Path.Combine(directory, "countries.csv");
        await File.WriteAllTextAsync(countries, "country,amount\nNA,1\nDE,NA\nNA,3\n");
        string json = Path.Combine(directory, "countries.json");

        CliRun ragged = await CliRun.RunAsync("drift", "-r", trailing, "-c", trailing);
        CliRun namibia = await CliRun.RunAsync("drift", "-r", countries, "-c", countries, "--json", json);

        Assert.Equal(2, ragged.ExitCode);
        Assert.Contains("trailing.csv, line 3: 3 fields, but the header has 2", ragged.Error, StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(0, Feature(report, "country").GetProperty("currentMissingShare").GetDouble());
        Assert.Equal(1.0 / 3, Feature(report, "amount").GetProperty("currentMissingShare").GetDouble(), 12);
    }

    [Fact]
    public async Task A_missing_column_is_named_even_after_an_excluded_one_that_is_missing_too()
    {
        string directory = Directory.CreateTempSubdirectory("mlsys-").FullName;
        string current = Path.Combine(directory, "no_amount_no_country.csv");
        await File.WriteAllTextAsync(current, "age,device\n30,mobile\n41,desktop\n");

        CliRun run = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", current, "--exclude", "amount", "--no-progress");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no_amount_no_country.csv, line 1: the column 'country' of the reference is missing", run.Error, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("unclosed_quote.csv", "line 3: a quoted field is never closed")]
    [InlineData("ragged.csv", "line 3: 3 fields, but the header has 4")]
    [InlineData("not_a_number.csv", "line 3: 'thirty-one' in the numeric column 'age' is not a number")]
    [InlineData("infinite.csv", "line 2: 'Infinity' in column 'age' is infinite")]
    [InlineData("header_only.csv", "the file has a header but no rows")]
    [InlineData("empty.csv", "line 1: the file is empty")]
    [InlineData("duplicate_header.csv", "line 1: the column name 'amount' appears twice")]
    [InlineData("text_after_quote.csv", "line 2: 'x' after the closing quote")]
    [InlineData("missing_column.csv", "line 1: the column 'country' of the reference is missing")]
    [InlineData("multiline_then_ragged.csv", "line 4: 3 fields, but the header has 4")]
    public async Task A_malformed_current_file_exits_two_naming_the_file_and_line(string file, string message)
    {
        CliRun run = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture(Path.Combine("malformed", file)), "--no-progress");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(file, run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("the file '/no/such.csv' does not exist", "drift", "-r", "/no/such.csv", "-c", "x.csv")]
    [InlineData("Option '--current' is required", "drift", "-r", "x.csv")]
    [InlineData("--type 'age' is not name=numeric or name=categorical", "drift", "-r", "$reference", "-c", "$reference", "--type", "age")]
    [InlineData("names the column 'height'", "drift", "-r", "$reference", "-c", "$reference", "--type", "height=numeric")]
    [InlineData("--dataset-drift-share must be in (0, 1]", "drift", "-r", "$reference", "-c", "$reference", "--dataset-drift-share", "1.5")]
    [InlineData("Every column is excluded", "drift", "-r", "$reference", "-c", "$reference", "--exclude", "amount", "--exclude", "age", "--exclude", "country", "--exclude", "device")]
    [InlineData("Unrecognized command or argument 'frobnicate'", "frobnicate")]
    [InlineData("--delimiter must be one character other than a quote", "drift", "-r", "$reference", "-c", "$reference", "-d", "\"")]
    public async Task A_bad_command_line_exits_two_with_the_reason(string message, params string[] args)
    {
        CliRun run = await CliRun.RunAsync([.. args.Select(a => a == "$reference" ? CliRun.Fixture("reference.csv") : a)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_installed_tool_sets_the_process_exit_code()
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "mlsys.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { tool, "drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_shifted.csv"), "--no-progress" })
        {
            start.ArgumentList.Add(argument);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        string output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal("", await error);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("dataset drift: yes", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>scipy's KS statistic and p-value for a column of a current fixture, from <c>cli_expected.json</c>.</summary>
    private static async Task<(double Statistic, double PValue)> ScipyKsAsync(string current, string column)
    {
        using JsonDocument expected = JsonDocument.Parse(await File.ReadAllTextAsync(CliRun.Fixture("cli_expected.json")));
        JsonElement scipy = expected.RootElement.GetProperty("ks").GetProperty(current).GetProperty(column);
        return (scipy.GetProperty("statistic").GetDouble(), scipy.GetProperty("pvalue").GetDouble());
    }

    /// <summary>The JSON report of the reference fixture against a current fixture, as the plain files give it.</summary>
    private async Task<string> PlainJsonAsync(string currentFixture)
    {
        string json = Path.Combine(directory, "plain.json");
        await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture(currentFixture), "--json", json);
        return await File.ReadAllTextAsync(json);
    }

    private static JsonElement Feature(JsonDocument report, string name) =>
        report.RootElement.GetProperty("results").EnumerateArray().Single(f => f.GetProperty("feature").GetString() == name);
}
