using System.Globalization;

namespace MlSystems.Cli.Csv;

/// <summary>
/// What one pass over a reference column shows about its kind: whether every value is a finite number, whether every
/// value is a date or a time, and how many distinct labels it holds.
/// </summary>
/// <remarks>
/// Distinct labels are counted by their 32-bit hash once a column is known not to be numeric: a handful of collisions
/// among a million values moves the share by a hundredth of a percent, and a set of ints costs a fraction of a set of
/// the strings. Dates are tried against the forms below only while every value so far has been one; the form that
/// matched last is tried first, so a date column costs one parse per value.
/// </remarks>
internal sealed class ColumnEvidence(bool trackLabels)
{
    /// <summary>The share of distinct labels from which a column counts as an identifier.</summary>
    public const double IdentifierDistinctShare = 0.95;

    /// <summary>The fewest labels a column needs before it can count as an identifier: a short file is all distinct by chance.</summary>
    public const long IdentifierMinimumValues = 100;

    /// <summary>ISO 8601 and the common day, month and time forms, in the invariant culture.</summary>
    private static readonly string[] DateForms =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK",
        "yyyy/MM/dd", "yyyy/MM/dd HH:mm:ss", "M/d/yyyy", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm tt",
        "d.M.yyyy", "d.M.yyyy H:mm", "d.M.yyyy H:mm:ss", "dd-MMM-yyyy", "d MMM yyyy", "MMM d, yyyy", "MMMM d, yyyy", "yyyyMMdd'T'HHmmssK",
        "H:mm", "H:mm:ss", "H:mm:ss.FFFFFFF", "h:mm tt", "h:mm:ss tt",
    ];

    private readonly HashSet<int>? distinct = trackLabels ? [] : null;
    private bool numeric = true;
    private bool dates = true;
    private int lastForm;

    /// <summary>Non-missing values seen.</summary>
    public long Values { get; private set; }

    /// <summary>Every value seen is a finite number or missing, and there was at least one.</summary>
    public bool IsNumeric => numeric && Values > 0;

    /// <summary>Not numeric, and every non-blank value is a date or a time.</summary>
    public bool IsDateOrTime => !numeric && dates && Values > 0;

    /// <summary>The share of distinct labels, once there are enough to judge; null for a numeric or short column.</summary>
    public double? DistinctShare => !numeric && distinct is not null && Values >= IdentifierMinimumValues ? (double)distinct.Count / Values : null;

    /// <summary>Takes one field of the column.</summary>
    public void Observe(string field)
    {
        if (numeric)
        {
            if (CsvSchema.IsMissingNumber(field))
            {
                return;
            }

            Values++;
            numeric = CsvSchema.TryParseNumber(field, out double value) && double.IsFinite(value);
            if (numeric)
            {
                return;
            }

            // The first label: the values before it were numbers, which make no date and leave the distinct count low.
            dates = Values == 1;
        }
        else if (CsvSchema.IsMissingLabel(field))
        {
            return;
        }
        else
        {
            Values++;
        }

        distinct?.Add(StringComparer.Ordinal.GetHashCode(field));
        if (dates)
        {
            dates = IsDate(field.AsSpan().Trim());
        }
    }

    private bool IsDate(ReadOnlySpan<char> value)
    {
        if (DateTimeOffset.TryParseExact(value, DateForms[lastForm], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return true;
        }

        for (int form = 0; form < DateForms.Length; form++)
        {
            if (form != lastForm && DateTimeOffset.TryParseExact(value, DateForms[form], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                lastForm = form;
                return true;
            }
        }

        return false;
    }
}
