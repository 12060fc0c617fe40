using System.Text;
using MlSystems.Drift;

namespace MlSystems.Cli.Csv;

/// <summary>
/// Turns CSV files into drift datasets. The reference file is read twice: once to infer each column's kind (numeric
/// when every non-missing value is a finite number, categorical otherwise), once to load it; the current file is read
/// once against the reference's schema, so a value that does not fit its column is an error naming the line.
/// </summary>
internal static class CsvDatasetLoader
{
    /// <summary>Reads the reference file once to infer each column's kind; <paramref name="overrides"/> win.</summary>
    /// <exception cref="ArgumentException">The file does not exist, an override names no column, or every column is excluded.</exception>
    /// <exception cref="CsvFormatException">The file is malformed (the message names the line).</exception>
    public static CsvSchema InferSchema(string path, char delimiter, IReadOnlyDictionary<string, ColumnKind> overrides, Progress progress)
    {
        string[]? columns = null;
        bool[] numeric = [];
        bool[] seenValue = [];
        Scan(path, delimiter, progress, "inferring column types", header =>
        {
            // The options are checked against the header before the file is read through.
            foreach (string name in overrides.Keys)
            {
                if (Array.IndexOf(header, name) < 0)
                {
                    throw new ArgumentException($"--type/--exclude names the column '{name}', which {path} does not have (columns: {string.Join(", ", header)}).");
                }
            }

            if (header.All(name => overrides.GetValueOrDefault(name, ColumnKind.Numeric) == ColumnKind.Excluded))
            {
                throw new ArgumentException("Every column is excluded; nothing is left to compare.");
            }

            columns = header;
            numeric = [.. header.Select(_ => true)];
            seenValue = new bool[header.Length];
        }, (fields, _) =>
        {
            for (int i = 0; i < fields.Count; i++)
            {
                if (numeric[i] && !CsvSchema.IsMissingNumber(fields[i]))
                {
                    seenValue[i] = true;
                    numeric[i] = CsvSchema.TryParseNumber(fields[i], out double value) && double.IsFinite(value);
                }
            }
        });

        ColumnKind[] kinds = [.. columns!.Select((name, i) => overrides.TryGetValue(name, out ColumnKind kind) ? kind
            : seenValue[i] && numeric[i] ? ColumnKind.Numeric : ColumnKind.Categorical)];
        return new CsvSchema(columns!, kinds);
    }

    /// <summary>Loads a file against a schema: numbers parsed, labels interned, excluded columns skipped.</summary>
    /// <exception cref="ArgumentException">The file does not exist.</exception>
    /// <exception cref="CsvFormatException">The file is malformed, lacks a compared column, or holds a value its column cannot take (the message names the line).</exception>
    public static DriftDataset Load(string path, char delimiter, CsvSchema schema, Progress progress)
    {
        int[] map = [];
        var numbers = new List<double>?[schema.Columns.Length];
        var labels = new List<string?>?[schema.Columns.Length];
        var interned = new Dictionary<string, string>?[schema.Columns.Length];
        for (int c = 0; c < schema.Columns.Length; c++)
        {
            switch (schema.Kinds[c])
            {
                case ColumnKind.Numeric: numbers[c] = []; break;
                case ColumnKind.Categorical: labels[c] = []; interned[c] = new(StringComparer.Ordinal); break;
            }
        }

        Scan(path, delimiter, progress, "loading", header =>
        {
            map = [.. schema.Columns.Select(name => Array.IndexOf(header, name))];
            for (int c = 0; c < map.Length; c++)
            {
                if (map[c] < 0 && schema.Kinds[c] != ColumnKind.Excluded)
                {
                    throw new CsvFormatException(path, 1, $"the column '{schema.Columns[c]}' of the reference is missing.");
                }
            }
        }, (fields, line) =>
        {
            for (int c = 0; c < map.Length; c++)
            {
                if (schema.Kinds[c] == ColumnKind.Excluded)
                {
                    continue;
                }

                string value = fields[map[c]];
                if (numbers[c] is { } column)
                {
                    column.Add(ParseNumber(value, schema.Columns[c], path, line));
                }
                else if (!CsvSchema.IsMissingLabel(value))
                {
                    Dictionary<string, string> pool = interned[c]!;
                    if (!pool.TryGetValue(value, out string? shared))
                    {
                        pool.Add(value, shared = value);
                    }

                    labels[c]!.Add(shared);
                }
                else
                {
                    labels[c]!.Add(null);
                }
            }
        });

        var result = new List<FeatureColumn>();
        for (int c = 0; c < schema.Columns.Length; c++)
        {
            if (numbers[c] is { } values)
            {
                result.Add(FeatureColumn.Numeric(schema.Columns[c], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values)));
            }
            else if (labels[c] is { } categories)
            {
                result.Add(FeatureColumn.Categorical(schema.Columns[c], categories));
            }
        }

        return new DriftDataset(result);
    }

    private static double ParseNumber(string value, string column, string path, long line)
    {
        if (CsvSchema.IsMissingNumber(value))
        {
            return double.NaN;
        }

        if (!CsvSchema.TryParseNumber(value, out double number))
        {
            throw new CsvFormatException(path, line, $"'{value}' in the numeric column '{column}' is not a number (use --type {column}=categorical to compare it as labels).");
        }

        return double.IsFinite(number) ? number : throw new CsvFormatException(path, line, $"'{value}' in column '{column}' is infinite; drift tests need finite values.");
    }

    private static void Scan(string path, char delimiter, Progress progress, string activity, Action<string[]> onHeader, Action<List<string>, long> onRecord)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArgumentException($"The file '{path}' does not exist.", exception);
        }

        using (stream)
        using (var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16))
        {
            var csv = new CsvReader(text, path, delimiter);
            var fields = new List<string>();
            if (!csv.TryRead(fields))
            {
                throw new CsvFormatException(path, 1, "the file is empty; a header row is needed.");
            }

            string[] header = CsvSchema.ValidateHeader(fields, path);
            onHeader(header);
            long rows = 0;
            while (csv.TryRead(fields))
            {
                // A blank line separates nothing in a table of several columns; in a one-column file it is a missing value.
                if (fields.Count == 1 && fields[0].Length == 0 && header.Length > 1)
                {
                    continue;
                }

                if (fields.Count != header.Length)
                {
                    throw new CsvFormatException(path, csv.RecordLine, $"{fields.Count} fields, but the header has {header.Length}.");
                }

                onRecord(fields, csv.RecordLine);
                rows++;
                if ((rows & 0x3FFF) == 0)
                {
                    progress.Report(path, activity, stream.Position, stream.Length, rows);
                }
            }

            if (rows == 0)
            {
                throw new CsvFormatException(path, 1, "the file has a header but no rows.");
            }

            progress.Done(path, activity, rows);
        }
    }
}
