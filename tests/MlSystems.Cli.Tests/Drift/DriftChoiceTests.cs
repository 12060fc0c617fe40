using System.Text.Json;

namespace MlSystems.Cli.Tests.Drift;

/// <summary>The tests, thresholds and correction a user chooses, on the command line or in a config file.</summary>
public sealed class DriftChoiceTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("mlsys-choices-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_test_and_a_threshold_per_column_and_a_correction_reach_the_report()
    {
        JsonDocument report = await ReportAsync("--test", "amount=psi", "--threshold", "age=0.01", "--correction", "holm", "--stattest", "country=l-infinity");

        Assert.Equal("Holm", report.RootElement.GetProperty("correction").GetString());
        Assert.Equal(("psi", 0.1), TestOf(report, "amount"));
        Assert.Equal(("ks", 0.01), TestOf(report, "age"));
        Assert.Equal("l-infinity", TestOf(report, "country").Test);
        Assert.Equal("z", TestOf(report, "device").Test);
    }

    [Fact]
    public async Task A_bare_test_and_threshold_apply_to_every_column_the_test_can_compare()
    {
        JsonDocument report = await ReportAsync("--test", "ks", "--threshold", "0.3");

        Assert.Equal(("ks", 0.3), TestOf(report, "amount"));
        Assert.Equal(("ks", 0.3), TestOf(report, "age"));
        Assert.Equal(("chi-squared", 0.3), TestOf(report, "country"));
    }

    [Fact]
    public async Task A_config_file_sets_the_choices_and_the_command_line_wins_key_by_key()
    {
        string config = Path.Combine(directory, "drift.json");
        await File.WriteAllTextAsync(config, """
            {
              // A dataset's standing choices.
              "tests": { "amount": "wasserstein", "age": "psi" },
              "thresholds": { "age": 0.25 },
              "correction": "bonferroni",
              "exclude": ["device"],
              "failOn": "dataset",
            }
            """);

        JsonDocument report = await ReportAsync("--config", config, "--test", "amount=ks");

        Assert.Equal("Bonferroni", report.RootElement.GetProperty("correction").GetString());
        Assert.Equal("ks", TestOf(report, "amount").Test);
        Assert.Equal(("psi", 0.25), TestOf(report, "age"));
        Assert.Equal(3, report.RootElement.GetProperty("features").GetInt32());
    }

    [Theory]
    [InlineData("'chi-squared' does not compare numeric columns; the numeric tests are", "--test", "amount=chi-squared")]
    [InlineData("--test 'nope' is not a drift test; the tests are", "--test", "nope")]
    [InlineData("names the column 'height', which is not compared", "--test", "height=ks")]
    [InlineData("names the column 'device', which is not compared", "--exclude", "device", "--threshold", "device=0.1")]
    [InlineData("--threshold 1.5 for 'age' is out of range: 'ks' has a p-value", "--test", "age=ks", "--threshold", "age=1.5")]
    [InlineData("--threshold 1.5 for 'amount' is out of range: the default test", "--threshold", "1.5")]
    [InlineData("--threshold 1.5 for 'amount' is out of range: 'ks' has a p-value", "--test", "ks", "--threshold", "1.5")]
    [InlineData("--threshold -1 for 'amount' is out of range: 'wasserstein' is a distance", "--test", "amount=wasserstein", "--threshold", "amount=-1")]
    [InlineData("--threshold 'x' is not a number", "--threshold", "x")]
    [InlineData("--test 'amount=' is not a test name or column=test", "--test", "amount=")]
    [InlineData("Argument 'sidak' not recognized", "--correction", "sidak")]
    public async Task A_choice_that_cannot_work_exits_two_before_anything_runs(string message, params string[] choices)
    {
        CliRun run = await CliRun.RunAsync(["drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_shifted.csv"), "--no-progress", .. choices]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("""{ "treshold": 0.1 }""", "unknown key 'treshold'")]
    [InlineData("""{ "thresholds": { "age": "low" } }""", "'thresholds.age' must be a number")]
    [InlineData("""{ "types": { "age": "date" } }""", "'types.age' must be \"numeric\" or \"categorical\"")]
    [InlineData("""{ "correction": "sidak" }""", "'correction' must be none, bonferroni, holm, benjamini-hochberg")]
    [InlineData("""[1, 2]""", "the top level must be an object")]
    [InlineData("""{ "test": """, "is not valid JSON")]
    public async Task A_config_file_with_a_wrong_key_or_value_is_refused_naming_it(string content, string message)
    {
        string config = Path.Combine(directory, "bad.json");
        await File.WriteAllTextAsync(config, content);

        CliRun run = await CliRun.RunAsync("drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_shifted.csv"), "--config", config, "--no-progress");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--config '{config}'", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_distance_takes_a_threshold_above_one()
    {
        JsonDocument report = await ReportAsync("--test", "amount=wasserstein", "--threshold", "amount=1.5");
        Assert.Equal(("wasserstein", 1.5), TestOf(report, "amount"));
    }

    [Fact]
    public async Task The_help_says_how_the_default_test_is_chosen_and_that_the_cli_is_exact()
    {
        CliRun run = await CliRun.RunAsync("drift", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Kolmogorov-Smirnov up to 1,000 reference values", run.Output, StringComparison.Ordinal);
        Assert.Contains("exact at any size", run.Output, StringComparison.Ordinal);
        Assert.Contains("--config", run.Output, StringComparison.Ordinal);
        Assert.Contains("--stattest", run.Output, StringComparison.Ordinal);
    }

    private static (string Test, double Threshold) TestOf(JsonDocument report, string feature)
    {
        JsonElement result = report.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("feature").GetString() == feature);
        return (result.GetProperty("test").GetString()!, result.GetProperty("threshold").GetDouble());
    }

    private async Task<JsonDocument> ReportAsync(params string[] choices)
    {
        string json = Path.Combine(directory, $"{Guid.NewGuid():N}.json");
        CliRun run = await CliRun.RunAsync(["drift", "-r", CliRun.Fixture("reference.csv"), "-c", CliRun.Fixture("current_shifted.csv"), "--json", json, "--no-progress", .. choices]);
        Assert.True(run.ExitCode is 0 or 1, run.Error);
        return JsonDocument.Parse(await File.ReadAllTextAsync(json));
    }
}
