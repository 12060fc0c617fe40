using System.Text.Json;
using MlSystems.Statistics.Serialization;

namespace MlSystems.Statistics.Summaries;

/// <summary>
/// Counts per category (a categorical feature's value distribution), with an exact merge.
/// </summary>
/// <remarks>
/// Categories are compared ordinally (case-sensitive, culture-independent). Merging adds counts, which is exact,
/// associative and commutative; a category seen by only one side is kept. The JSON form lists categories in
/// ordinal order, so equal summaries serialise to equal text. Instances are not thread-safe.
/// </remarks>
public sealed class CategoryCounts
{
    private const string JsonType = "categories";
    private const int JsonVersion = 1;

    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);

    /// <summary>The number of values counted.</summary>
    public long Total { get; private set; }

    /// <summary>The number of distinct categories seen.</summary>
    public int DistinctCount => counts.Count;

    /// <summary>The categories and their counts, in ordinal order of the category.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Entries =>
        counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToArray();

    /// <summary>The count of <paramref name="category"/>; 0 when it was never seen.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="category"/> is null.</exception>
    public long this[string category]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(category);
            return counts.GetValueOrDefault(category);
        }
    }

    /// <summary>Counts <paramref name="category"/> <paramref name="occurrences"/> times.</summary>
    /// <param name="category">The category; the empty string is a category like any other.</param>
    /// <param name="occurrences">How many times; at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="category"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="occurrences"/> is less than 1.</exception>
    public void Add(string category, long occurrences = 1)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrences, 1);
        counts[category] = checked(counts.GetValueOrDefault(category) + occurrences);
        Total = checked(Total + occurrences);
    }

    /// <summary>Adds the counts of <paramref name="other"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public void Merge(CategoryCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (KeyValuePair<string, long> pair in other.counts.ToArray())
        {
            Add(pair.Key, pair.Value);
        }
    }

    /// <summary>A new summary holding the counts of both; the inputs are not modified.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static CategoryCounts Combine(CategoryCounts first, CategoryCounts second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        CategoryCounts result = first.Clone();
        result.Merge(second);
        return result;
    }

    /// <summary>A copy of this summary.</summary>
    public CategoryCounts Clone()
    {
        var copy = new CategoryCounts();
        copy.Merge(this);
        return copy;
    }

    /// <summary>The stable JSON form: <c>{"type":"categories","version":1,"counts":{"a":3,"b":1}}</c>, keys in ordinal order.</summary>
    public string ToJson() => SummaryJson.Write(WriteTo);

    /// <summary>Writes the JSON form of <see cref="ToJson"/> as one object to <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SummaryJson.WriteHeader(writer, JsonType, JsonVersion);
        writer.WriteStartObject("counts");
        foreach (KeyValuePair<string, long> pair in Entries)
        {
            writer.WriteNumber(pair.Key, pair.Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Reads the form written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not a valid category summary (the message says why).</exception>
    public static CategoryCounts FromJson(string json) => SummaryJson.Read(json, JsonType, JsonVersion, root =>
    {
        var result = new CategoryCounts();
        foreach (JsonProperty property in root.GetProperty("counts").EnumerateObject())
        {
            long count = property.Value.GetInt64();
            if (count < 1 || result.counts.ContainsKey(property.Name))
            {
                throw new FormatException($"Category '{property.Name}' has a count below 1 or appears twice.");
            }

            result.Add(property.Name, count);
        }

        return result;
    });
}
