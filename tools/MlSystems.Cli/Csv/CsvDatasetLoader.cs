using System.Globalization;
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
    /// <summary>
    /// Reads the reference file once to infer each column's kind; <paramref name="overrides"/> win. A column of dates or
    /// times, or of labels nearly all distinct (an identifier), is left out with the reason, unless an override names it.
    /// </summary>
    /// <exception cref="ArgumentException">The file does not exist, an override names no column, or every column is excluded.</exception>
    /// <exception cref="CsvFormatException">The file is malformed (the message names the line).</exception>
    public static CsvSchema InferSchema(string path, char delimiter, bool delimiterChosen, IReadOnlyDictionary<string, ColumnKind> overrides, Progress progress)
    {
        string[]? columns = null;
        ColumnEvidence[] evidence = [];
        long rows = 0;
        Scan(path, delimiter, delimiterChosen, progress, "inferring column types", header =>
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
            evidence = [.. header.Select(name => new ColumnEvidence(trackLabels: !overrides.ContainsKey(name)))];
        }, (fields, _) =>
        {
            rows++;
            for (int i = 0; i < fields.Count; i++)
            {
                evidence[i].Observe(fields[i]);
            }
        });

        var kinds = new ColumnKind[columns!.Length];
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < kinds.Length; i++)
        {
            string name = columns[i];
            if (overrides.TryGetValue(name, out ColumnKind kind))
            {
                kinds[i] = kind;
            }
            else if (evidence[i].IsNumeric)
            {
                kinds[i] = ColumnKind.Numeric;
            }
            else if (evidence[i].IsDateOrTime)
            {
                kinds[i] = ColumnKind.Excluded;
                notes[name] = $"dates or times: a later period differs from an earlier one by design (--type {name}=categorical compares them as labels)";
            }
            else if (evidence[i].DistinctShare is double distinct && distinct >= ColumnEvidence.IdentifierDistinctShare)
            {
                kinds[i] = ColumnKind.Excluded;
                notes[name] = string.Create(CultureInfo.InvariantCulture, $"identifier-like: {distinct * 100:0.0}% of its {evidence[i].Values} values are distinct (--type {name}=categorical compares it)");
            }
            else
            {
                kinds[i] = ColumnKind.Categorical;
            }
        }

        if (kinds.All(k => k == ColumnKind.Excluded))
        {
            throw new ArgumentException($"Every column of {path} is left out ({string.Join("; ", notes.Select(n => $"{n.Key}: {n.Value}"))}); name the ones to compare with --type.");
        }

        return new CsvSchema(columns, kinds, notes);
    }

    /// <summary>Loads a file against a schema: numbers parsed, labels interned, excluded columns skipped.</summary>
    /// <exception cref="ArgumentException">The file does not exist, or a compared column is missing in every row.</exception>
    /// <exception cref="CsvFormatException">The file is malformed, lacks a compared column, or holds a value its column cannot take (the message names the line).</exception>
    public static DriftDataset Load(string path, char delimiter, bool delimiterChosen, CsvSchema schema, Progress progress)
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

        Scan(path, delimiter, delimiterChosen, progress, "loading", header =>
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
            bool empty = numbers[c] is { } numeric ? numeric.TrueForAll(double.IsNaN) : labels[c] is { } named && named.TrueForAll(l => l is null);
            if (empty)
            {
                throw new ArgumentException($"The column '{schema.Columns[c]}' of {path} is missing in every row, so there is nothing to compare; leave it out with --exclude {schema.Columns[c]}.");
            }

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

    private static void Scan(string path, char delimiter, bool delimiterChosen, Progress progress, string activity, Action<string[]> onHeader, Action<List<string>, long> onRecord)
    {
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"'{path}' is a directory; give the path of a CSV file.");
        }

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
            // A one-column file whose name holds a separator is loadable by naming the delimiter; unnamed, it is almost always a
            // file read with the wrong one.
            if (!delimiterChosen && header.Length == 1 && CsvSchema.LikelyDelimiter(header[0], delimiter) is char likely)
            {
                string option = likely == '\t' ? "tab" : $"'{likely}'";
                throw new CsvFormatException(path, 1, $"the header '{header[0]}' is a single column that looks separated by {(likely == '\t' ? "tabs" : option)}, not '{delimiter}': use -d {option}.");
            }

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
