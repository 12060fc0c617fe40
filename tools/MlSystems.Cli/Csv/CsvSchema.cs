using System.Globalization;

namespace MlSystems.Cli.Csv;

/// <summary>The columns of a CSV file and how each is compared: inferred from the reference file, overridable.</summary>
/// <param name="columns">The header's names.</param>
/// <param name="kinds">How each column is compared.</param>
/// <param name="notes">Why inference left a column out, by name; columns excluded by <c>--exclude</c> have none.</param>
internal sealed class CsvSchema(string[] columns, ColumnKind[] kinds, IReadOnlyDictionary<string, string> notes)
{
    /// <summary>Values read as missing in a numeric column (case-insensitive): the empty field, NA, N/A, null, NaN.
    /// In a categorical column only an empty or blank field is missing: "NA" may be Namibia.</summary>
    private static readonly HashSet<string> MissingNumbers = new(["", "NA", "N/A", "null", "NaN"], StringComparer.OrdinalIgnoreCase);

    public string[] Columns { get; } = columns;

    public ColumnKind[] Kinds { get; } = kinds;

    public IReadOnlyDictionary<string, string> Notes { get; } = notes;

    public static bool IsMissingNumber(string value) => MissingNumbers.Contains(value.Trim());

    public static bool IsMissingLabel(string value) => string.IsNullOrWhiteSpace(value);

    /// <summary>Parses a number the way inference does: invariant culture, exponent allowed, surrounding spaces ignored.</summary>
    public static bool TryParseNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    /// <summary>
    /// The separator a one-column header seems to use instead of <paramref name="delimiter"/>: a semicolon (the comma's
    /// stand-in where the comma is the decimal mark), a tab or a pipe appearing in it; null when none does.
    /// </summary>
    public static char? LikelyDelimiter(string header, char delimiter) =>
        ((char[])[';', '\t', '|']).Where(c => c != delimiter && header.Contains(c, StringComparison.Ordinal)).Select(c => (char?)c).FirstOrDefault();

    /// <summary>Checks a header: at least one column, names non-empty and unique.</summary>
    public static string[] ValidateHeader(List<string> header, string file)
    {
        if (header.Count == 0 || (header.Count == 1 && header[0].Length == 0))
        {
            throw new CsvFormatException(file, 1, "the header row is empty.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            string name = header[i].Trim();
            if (name.Length == 0)
            {
                throw new CsvFormatException(file, 1, $"column {i + 1} has no name.");
            }

            if (!seen.Add(name))
            {
                throw new CsvFormatException(file, 1, $"the column name '{name}' appears twice.");
            }

            header[i] = name;
        }

        return [.. header];
    }
}
