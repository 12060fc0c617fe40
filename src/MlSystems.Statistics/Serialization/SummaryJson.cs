using System.Text.Json;

namespace MlSystems.Statistics.Serialization;

/// <summary>
/// Shared plumbing for the summaries' JSON forms, on the one envelope and number rule of <see cref="JsonForm"/>: writing to
/// a string and reading with clear errors.
/// </summary>
internal static class SummaryJson
{
    public static string Write(Action<Utf8JsonWriter> write) => JsonForm.Write(write);

    /// <summary>Parses <paramref name="json"/>, checks its type tag and version, and hands the root to <paramref name="read"/>.</summary>
    public static T Read<T>(string json, string type, int version, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            JsonForm.ReadHeader(root, type, version);
            return read(root);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new ArgumentException($"Not a valid {type} summary: {e.Message}", nameof(json), e);
        }
    }

    public static void WriteHeader(Utf8JsonWriter writer, string type, int version) => JsonForm.WriteHeader(writer, type, version);

    public static void WriteArray(Utf8JsonWriter writer, string? name, ReadOnlySpan<double> values)
    {
        if (name is null)
        {
            writer.WriteStartArray();
        }
        else
        {
            writer.WriteStartArray(name);
        }

        foreach (double v in values)
        {
            JsonForm.WriteNumberValue(writer, v);
        }

        writer.WriteEndArray();
    }

    public static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<long> values)
    {
        writer.WriteStartArray(name);
        foreach (long v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    public static double[] ReadDoubles(JsonElement array) =>
        array.EnumerateArray().Select(JsonForm.ReadNumber).ToArray();

    public static long[] ReadLongs(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
