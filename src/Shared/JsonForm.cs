using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlSystems;

/// <summary>
/// The one JSON shape of everything MlSystems writes: an object that opens with a <c>"type"</c> tag and a
/// <c>"version"</c> number, then its fields. One number rule: doubles in shortest round-trip form; NaN and the infinities
/// as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> (the literals System.Text.Json reads with
/// <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c>); <c>null</c> only for a value that does not exist, never for
/// NaN. Linked into each package that writes JSON.
/// </summary>
internal static class JsonForm
{
    private const string NaN = "NaN";
    private const string PositiveInfinity = "Infinity";
    private const string NegativeInfinity = "-Infinity";

    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns the UTF-8 it wrote as a string.</summary>
    public static string Write(Action<Utf8JsonWriter> write, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the <c>"type"</c> and <c>"version"</c> fields that open every object.</summary>
    public static void WriteHeader(Utf8JsonWriter writer, string type, int version)
    {
        writer.WriteString("type", type);
        writer.WriteNumber("version", version);
    }

    /// <summary>Checks the header written by <see cref="WriteHeader"/>.</summary>
    /// <exception cref="FormatException">The type tag differs, or the version is not the one this library reads.</exception>
    public static void ReadHeader(JsonElement root, string type, int version)
    {
        string? actualType = root.GetProperty("type").GetString();
        if (actualType != type)
        {
            throw new FormatException($"Expected '{type}' but the JSON holds '{actualType}'.");
        }

        int actualVersion = root.GetProperty("version").GetInt32();
        if (actualVersion != version)
        {
            throw new FormatException($"Unsupported {type} format version {actualVersion}; this library reads version {version}.");
        }
    }

    /// <summary>Writes a double field by the number rule.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        WriteNumberValue(writer, value);
    }

    /// <summary>Writes a double field by the number rule, or null when there is no value.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is double v)
        {
            WriteNumber(writer, name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Writes a double array element by the number rule.</summary>
    public static void WriteNumberValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? NaN : value > 0 ? PositiveInfinity : NegativeInfinity);
        }
    }

    /// <summary>Reads a double written by <see cref="WriteNumberValue"/>.</summary>
    /// <exception cref="FormatException">The element is neither a number nor one of the three literals.</exception>
    public static double ReadNumber(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString() switch
        {
            NaN => double.NaN,
            PositiveInfinity => double.PositiveInfinity,
            NegativeInfinity => double.NegativeInfinity,
            string s => throw new FormatException($"'{s}' is not a number."),
            null => throw new FormatException("A number is missing."),
        },
        _ => throw new FormatException($"Expected a number, found {element.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}."),
    };

    /// <summary>Reads the double field <paramref name="name"/> of <paramref name="parent"/>.</summary>
    /// <exception cref="KeyNotFoundException">The field is absent.</exception>
    /// <exception cref="FormatException">The field is not a number.</exception>
    public static double ReadNumber(JsonElement parent, string name) => ReadNumber(parent.GetProperty(name));

    /// <summary>Reads a field written by <see cref="WriteNumber(Utf8JsonWriter, string, double?)"/>: null when it holds null.</summary>
    public static double? ReadNullableNumber(JsonElement parent, string name)
    {
        JsonElement value = parent.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? null : ReadNumber(value);
    }
}
