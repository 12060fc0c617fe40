using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift;

/// <summary>Two category summaries aligned on the union of their categories, in ordinal order.</summary>
/// <param name="Categories">Every category seen on either side.</param>
/// <param name="ReferenceCounts">Reference count per category (0 for a category only the current side has).</param>
/// <param name="CurrentCounts">Current count per category (0 for a category that disappeared).</param>
internal sealed record CategoryPair(string[] Categories, long[] ReferenceCounts, long[] CurrentCounts)
{
    public long ReferenceTotal => ReferenceCounts.Sum();

    public long CurrentTotal => CurrentCounts.Sum();

    /// <exception cref="ArgumentNullException">A summary is null.</exception>
    /// <exception cref="ArgumentException">A summary is empty.</exception>
    public static CategoryPair Build(CategoryCounts reference, CategoryCounts current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Total == 0)
        {
            throw new ArgumentException("The reference sample is empty.", nameof(reference));
        }

        if (current.Total == 0)
        {
            throw new ArgumentException("The current sample is empty.", nameof(current));
        }

        string[] categories = [.. reference.Entries.Select(e => e.Key).Union(current.Entries.Select(e => e.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return new CategoryPair(categories, [.. categories.Select(c => reference[c])], [.. categories.Select(c => current[c])]);
    }
}
