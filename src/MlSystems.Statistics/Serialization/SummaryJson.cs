using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MlSystems.Statistics.Serialization;

/// <summary>Shared plumbing for the summaries' JSON forms: writing to a string and reading with clear errors.</summary>
internal static class SummaryJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses <paramref name="json"/>, checks its type tag and version, and hands the root to <paramref name="read"/>.</summary>
    public static T Read<T>(string json, string type, int version, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            string? actualType = root.GetProperty("type").GetString();
            if (actualType != type)
            {
                throw new ArgumentException($"Expected a '{type}' summary but the JSON holds '{actualType}'.", nameof(json));
            }

            int actualVersion = root.GetProperty("version").GetInt32();
            if (actualVersion != version)
            {
                throw new ArgumentException($"Unsupported {type} format version {actualVersion}; this library reads version {version}.", nameof(json));
            }

            return read(root);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new ArgumentException($"Not a valid {type} summary: {e.Message}", nameof(json), e);
        }
    }

    public static void WriteHeader(Utf8JsonWriter writer, string type, int version)
    {
        writer.WriteString("type", type);
        writer.WriteNumber("version", version);
    }

    /// <summary>Writes a double, or null for NaN (JSON has no NaN).</summary>
    public static void WriteNullableNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsNaN(value))
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }

    public static double ReadNullableNumber(JsonElement element, string name)
    {
        JsonElement value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();
    }

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
            writer.WriteNumberValue(v);
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
        array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static long[] ReadLongs(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
