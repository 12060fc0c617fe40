using System.Text.Json;
using MlSystems.Cli.Csv;
using MlSystems.Drift;

namespace MlSystems.Cli.Drift;

/// <summary>
/// A dataset's choices for <c>mlsys drift</c> kept in a JSON file (<c>--config</c>), so a team runs the same comparison
/// every day: every key optional, every key the command line also has, the command line winning key by key.
/// </summary>
/// <remarks>
/// <code>
/// { "delimiter": ";", "types": { "zip": "categorical" }, "exclude": ["id"], "test": "psi", "tests": { "amount": "ks" },
///   "threshold": 0.2, "thresholds": { "amount": 0.01 }, "correction": "holm", "datasetDriftShare": 0.5, "failOn": "dataset" }
/// </code>
/// An unknown key or a value of the wrong type is an error naming the file and the key: a misspelt "treshold" must not
/// pass silently.
/// </remarks>
internal sealed record DriftConfigFile(
    char? Delimiter,
    IReadOnlyDictionary<string, ColumnKind> Types,
    IReadOnlyList<string> Exclude,
    string? Test,
    IReadOnlyDictionary<string, string> Tests,
    double? Threshold,
    IReadOnlyDictionary<string, double> Thresholds,
    MultipleTestingCorrection? Correction,
    double? DatasetDriftShare,
    bool? FailOnDataset)
{
    /// <summary>The largest config file read, 1 MiB: a dataset's choices are a few lines.</summary>
    public const long MaxBytes = 1 << 20;

    private static readonly string[] Keys = ["delimiter", "types", "exclude", "test", "tests", "threshold", "thresholds", "correction", "datasetDriftShare", "failOn"];

    /// <summary>Reads and checks a config file.</summary>
    /// <exception cref="ArgumentException">The file is missing, too large, not JSON, or holds an unknown key or a wrong value (the message names it).</exception>
    public static DriftConfigFile Read(string path)
    {
        if (Directory.Exists(path) || !File.Exists(path))
        {
            throw new ArgumentException($"--config '{path}' is not a file.");
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new ArgumentException($"--config '{path}' is larger than {MaxBytes} bytes.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--config '{path}' is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"--config '{path}': the top level must be an object of options.");
            }

            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!Keys.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"--config '{path}': unknown key '{property.Name}' (the keys are {string.Join(", ", Keys)}).");
                }
            }

            var reader = new Reader(path, root);
            string? delimiter = reader.String("delimiter");
            return new DriftConfigFile(
                delimiter is null ? null : MlsysCommand.ParseDelimiter(delimiter) ?? throw reader.Error("delimiter", "one character other than a quote or a line break, or \"tab\""),
                reader.Map("types", (key, value) => value.ValueKind == JsonValueKind.String && MlsysCommand.ParseKind(value.GetString()!) is ColumnKind kind ? kind : throw reader.Error($"types.{key}", "\"numeric\" or \"categorical\"")),
                reader.Strings("exclude"),
                reader.String("test"),
                reader.Map("tests", (key, value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw reader.Error($"tests.{key}", "a test name")),
                reader.Number("threshold"),
                reader.Map("thresholds", (key, value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw reader.Error($"thresholds.{key}", "a number")),
                reader.String("correction") is { } correction
                    ? DriftChoices.Corrections.TryGetValue(correction, out MultipleTestingCorrection named) ? named : throw reader.Error("correction", string.Join(", ", DriftChoices.Corrections.Keys))
                    : (MultipleTestingCorrection?)null,
                reader.Number("datasetDriftShare"),
                reader.String("failOn") switch
                {
                    null => null,
                    "feature" => false,
                    "dataset" => true,
                    _ => throw reader.Error("failOn", "\"feature\" or \"dataset\""),
                });
        }
    }

    /// <summary>Typed reads of the root's keys, each failing with the file and the key.</summary>
    private sealed class Reader(string path, JsonElement root)
    {
        public ArgumentException Error(string key, string expected) => new($"--config '{path}': '{key}' must be {expected}.");

        public string? String(string key) => !root.TryGetProperty(key, out JsonElement value) ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error(key, "a string");

        public double? Number(string key) => !root.TryGetProperty(key, out JsonElement value) ? null
            : value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Error(key, "a number");

        public IReadOnlyList<string> Strings(string key) => !root.TryGetProperty(key, out JsonElement value) ? []
            : value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? [.. value.EnumerateArray().Select(e => e.GetString()!)]
                : throw Error(key, "an array of column names");

        public Dictionary<string, T> Map<T>(string key, Func<string, JsonElement, T> read)
        {
            var map = new Dictionary<string, T>(StringComparer.Ordinal);
            if (!root.TryGetProperty(key, out JsonElement value))
            {
                return map;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Error(key, "an object keyed by column name");
            }

            foreach (JsonProperty entry in value.EnumerateObject())
            {
                map[entry.Name] = read(entry.Name, entry.Value);
            }

            return map;
        }
    }
}
