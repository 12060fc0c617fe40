using System.CommandLine;
using System.CommandLine.Parsing;
using MlSystems.Cli.Csv;
using MlSystems.Cli.Drift;
using MlSystems.Drift;

namespace MlSystems.Cli;

/// <summary>The <c>mlsys</c> command line: parses, runs, and maps every failure to a message and an exit code.</summary>
internal static class MlsysCommand
{
    /// <summary>Parses and runs a command line.</summary>
    /// <returns><see cref="ExitCodes"/>: 0 no drift, 1 drift, 2 bad input (a parse error, an <see cref="ArgumentException"/>
    /// or a <see cref="Csv.CsvFormatException"/>, reported on <paramref name="error"/>).</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken = default)
    {
        Func<DriftCommandSettings>? settings = null;
        RootCommand root = Build(parsed => settings = parsed);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (ParseError problem in parse.Errors)
            {
                await error.WriteLineAsync($"mlsys: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'mlsys drift --help' for the options.").ConfigureAwait(false);
            return ExitCodes.InputError;
        }

        int code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
        if (settings is null)
        {
            // Help, version or a bare 'mlsys': System.CommandLine printed what was asked for.
            return code == 0 ? ExitCodes.NoDrift : ExitCodes.InputError;
        }

        try
        {
            return await DriftCommandRunner.RunAsync(settings(), output, error, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"mlsys: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
    }

    /// <summary>Builds the commands; the drift action hands back how to read its settings, so that reading them (which
    /// can fail on a bad --type) happens where failures become exit code 2 rather than inside System.CommandLine.</summary>
    private static RootCommand Build(Action<Func<DriftCommandSettings>> accept)
    {
        Option<string> reference = new("--reference", "-r") { Description = "The reference CSV (training or baseline data), with a header row.", Required = true };
        Option<string> current = new("--current", "-c") { Description = "The current CSV to compare with the reference; same columns.", Required = true };
        Option<string?> report = new("--report") { Description = "Write a self-contained HTML report here." };
        Option<string?> json = new("--json") { Description = "Write the report as JSON here." };
        Option<string> delimiter = new("--delimiter", "-d") { Description = "The field separator: one character, or 'tab'.", DefaultValueFactory = _ => "," };
        delimiter.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is null || ParseDelimiter(value) is null)
            {
                result.AddError($"--delimiter must be one character other than a quote or a line break, or 'tab'; got '{value}'.");
            }
        });
        Option<string[]> types = new("--type") { Description = "Override an inferred column type: name=numeric or name=categorical. Repeatable. A column is numeric when every value parses as a finite number or is missing (empty, NA, N/A, null, NaN); in a categorical column only an empty or blank field is missing.", AllowMultipleArgumentsPerToken = false };
        Option<string[]> exclude = new("--exclude") { Description = "Leave a column out. Repeatable." };
        Option<string> failOn = new("--fail-on") { Description = "Exit 1 when any 'feature' drifts (default) or only on 'dataset' drift.", DefaultValueFactory = _ => "feature" };
        failOn.AcceptOnlyFromAmong("feature", "dataset");
        Option<double> share = new("--dataset-drift-share") { Description = "The share of drifted features that makes the dataset drifted, in (0, 1].", DefaultValueFactory = _ => 0.5 };
        share.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (!(value > 0 && value <= 1))
            {
                result.AddError($"--dataset-drift-share must be in (0, 1]; got {value}.");
            }
        });
        Option<bool> quiet = new("--no-progress") { Description = "Do not report progress on standard error." };
        Option<string[]> tests = new("--test", "--stattest")
        {
            Description = $"The test for every column it can compare (--test psi), or for one column (--test amount=ks). Repeatable. Numeric tests: {DriftChoices.TestNames(FeatureKind.Numeric)}; categorical: {DriftChoices.TestNames(FeatureKind.Categorical)}.",
            AllowMultipleArgumentsPerToken = false,
        };
        Option<string[]> thresholds = new("--threshold")
        {
            Description = "The threshold for every column (--threshold 0.01) or for one (--threshold amount=0.2): a significance level in (0, 1) for a test with a p-value, a cut-off on the statistic for a distance. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        Option<string?> correction = new("--correction") { Description = "Adjust p-values across features: none (default), bonferroni, holm, benjamini-hochberg." };
        correction.AcceptOnlyFromAmong([.. DriftChoices.Corrections.Keys]);
        Option<string?> config = new("--config") { Description = "A JSON file of these choices for a dataset (keys: delimiter, types, exclude, test, tests, threshold, thresholds, correction, datasetDriftShare, failOn); the command line wins key by key." };

        var drift = new Command("drift", HelpText)
        {
            reference, current, report, json, delimiter, types, exclude, failOn, share, tests, thresholds, correction, config, quiet,
        };
        drift.SetAction(parse =>
        {
            accept(() => Settings(parse));
            return 0;
        });

        return new RootCommand("mlsys: the MlSystems command line.") { drift };

        DriftCommandSettings Settings(ParseResult parse)
        {
            DriftConfigFile? file = parse.GetValue(config) is { } configPath ? DriftConfigFile.Read(configPath) : null;
            var overrides = new Dictionary<string, ColumnKind>(file?.Types ?? new Dictionary<string, ColumnKind>(), StringComparer.Ordinal);
            foreach (string name in file?.Exclude ?? [])
            {
                overrides[name] = ColumnKind.Excluded;
            }

            foreach (string entry in parse.GetValue(types) ?? [])
            {
                (string name, string value) = Split(entry, "--type", "name=numeric or name=categorical");
                overrides[name] = ParseKind(value) ?? throw new ArgumentException($"--type '{entry}' is not name=numeric or name=categorical.");
            }

            foreach (string name in parse.GetValue(exclude) ?? [])
            {
                overrides[name] = ColumnKind.Excluded;
            }

            string? test = file?.Test;
            var perColumnTests = new Dictionary<string, string>(file?.Tests ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            foreach (string entry in parse.GetValue(tests) ?? [])
            {
                if (entry.Contains('=', StringComparison.Ordinal))
                {
                    (string name, string value) = Split(entry, "--test", "a test name or column=test");
                    perColumnTests[name] = value;
                }
                else
                {
                    test = entry;
                }
            }

            double? threshold = file?.Threshold;
            var perColumnThresholds = new Dictionary<string, double>(file?.Thresholds ?? new Dictionary<string, double>(), StringComparer.Ordinal);
            foreach (string entry in parse.GetValue(thresholds) ?? [])
            {
                if (entry.Contains('=', StringComparison.Ordinal))
                {
                    (string name, string value) = Split(entry, "--threshold", "a number or column=number");
                    perColumnThresholds[name] = ParseNumber(value, entry);
                }
                else
                {
                    threshold = ParseNumber(entry, entry);
                }
            }

            MultipleTestingCorrection corrected = parse.GetValue(correction) is { } named ? DriftChoices.Corrections[named] : file?.Correction ?? MultipleTestingCorrection.None;
            double driftShare = Explicit(parse, share) ? parse.GetValue(share) : file?.DatasetDriftShare ?? parse.GetValue(share);
            if (!(driftShare > 0 && driftShare <= 1))
            {
                throw new ArgumentException($"datasetDriftShare must be in (0, 1]; got {driftShare}.");
            }

            return new DriftCommandSettings(
                parse.GetRequiredValue(reference),
                parse.GetRequiredValue(current),
                parse.GetValue(report),
                parse.GetValue(json),
                Explicit(parse, delimiter) ? ParseDelimiter(parse.GetRequiredValue(delimiter))!.Value : file?.Delimiter ?? ',',
                Explicit(parse, delimiter) || file?.Delimiter is not null,
                overrides,
                Explicit(parse, failOn) ? parse.GetValue(failOn) == "dataset" : file?.FailOnDataset ?? false,
                driftShare,
                !parse.GetValue(quiet),
                new DriftChoices(test, perColumnTests, threshold, perColumnThresholds, corrected));
        }
    }

    private const string HelpText =
        "Compare two CSV files feature by feature. Exit code 0: nothing drifted; 1: something drifted; 2: bad input.\n"
        + "Each column's kind is inferred from the reference (numeric when every value is a finite number or missing; dates, times and identifier-like labels are left out with the reason). "
        + "The default test depends on the kind and the reference size: numeric columns get Kolmogorov-Smirnov up to 1,000 reference values and the normalised Wasserstein distance (threshold 0.1) above; "
        + "categorical ones the z-test for two categories, chi-squared for more, and the Jensen-Shannon distance (threshold 0.1) above 1,000 values. "
        + "Every test runs on every value of both files: the CLI is exact at any size, with no sketch or sample.";

    /// <summary>A delimiter as the command line and the config file take it: one character other than a quote or a line break, or 'tab'.</summary>
    internal static char? ParseDelimiter(string value) =>
        value is "tab" or "\\t" ? '\t' : value.Length == 1 && value[0] is not ('"' or '\r' or '\n') ? value[0] : null;

    /// <summary>A column kind by name, case-insensitive: numeric or categorical.</summary>
    internal static ColumnKind? ParseKind(string value) => value.ToUpperInvariant() switch
    {
        "NUMERIC" => ColumnKind.Numeric,
        "CATEGORICAL" => ColumnKind.Categorical,
        _ => null,
    };

    /// <summary>Splits <c>name=value</c> at the last '=', so a column whose name holds '=' can still be named.</summary>
    private static (string Name, string Value) Split(string entry, string option, string form)
    {
        int equals = entry.LastIndexOf('=');
        return equals > 0 && equals < entry.Length - 1 ? (entry[..equals], entry[(equals + 1)..]) : throw new ArgumentException($"{option} '{entry}' is not {form}.");
    }

    private static double ParseNumber(string value, string entry) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number)
            ? number
            : throw new ArgumentException($"--threshold '{entry}' is not a number.");

    /// <summary>Whether the option was given on the command line, not just defaulted, so a config file's value can stand.</summary>
    private static bool Explicit(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
