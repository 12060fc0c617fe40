using System.CommandLine;
using System.CommandLine.Parsing;
using MlSystems.Cli.Csv;
using MlSystems.Cli.Drift;

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
            if (value is not ("tab" or "\\t") && (value?.Length != 1 || value[0] is '"' or '\r' or '\n'))
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

        var drift = new Command("drift", "Compare two CSV files feature by feature. Exit code 0: nothing drifted; 1: something drifted; 2: bad input.")
        {
            reference, current, report, json, delimiter, types, exclude, failOn, share, quiet,
        };
        drift.SetAction(parse =>
        {
            accept(() => Settings(parse));
            return 0;
        });

        return new RootCommand("mlsys: the MlSystems command line.") { drift };

        DriftCommandSettings Settings(ParseResult parse)
        {
            var overrides = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
            foreach (string entry in parse.GetValue(types) ?? [])
            {
                // The last '=' splits, so a column whose name holds '=' can still be named.
                int equals = entry.LastIndexOf('=');
                string name = equals > 0 ? entry[..equals] : "";
                ColumnKind? kind = equals > 0 ? entry[(equals + 1)..].ToUpperInvariant() switch { "NUMERIC" => ColumnKind.Numeric, "CATEGORICAL" => ColumnKind.Categorical, _ => null } : null;
                overrides[name.Length > 0 && kind is not null ? name : throw new ArgumentException($"--type '{entry}' is not name=numeric or name=categorical.")] = kind.Value;
            }

            foreach (string name in parse.GetValue(exclude) ?? [])
            {
                overrides[name] = ColumnKind.Excluded;
            }

            return new DriftCommandSettings(
                parse.GetRequiredValue(reference),
                parse.GetRequiredValue(current),
                parse.GetValue(report),
                parse.GetValue(json),
                parse.GetValue(delimiter) is "tab" or "\\t" ? '\t' : parse.GetRequiredValue(delimiter)[0],
                overrides,
                parse.GetValue(failOn) == "dataset",
                parse.GetValue(share),
                !parse.GetValue(quiet));
        }
    }
}
