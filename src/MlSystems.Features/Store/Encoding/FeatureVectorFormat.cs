using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// The binary form of one stored feature vector, shared by every store that keeps vectors outside the process (format 2):
/// <list type="table">
/// <item><term>0–3</term><description>magic <c>MLFV</c></description></item>
/// <item><term>4</term><description>format, 2</description></item>
/// <item><term>5–12</term><description>event time, UTC ticks, big-endian, then</description></item>
/// <item><term>13–20</term><description>the write's sequence (<see cref="FeatureVectorWrite.Sequence"/>), big-endian: the two at a fixed place, so a server-side script compares two vectors' order without decoding the rest</description></item>
/// <item><term>21–24</term><description>the feature set's declared version, little-endian</description></item>
/// <item><term>25–32</term><description>the definition fingerprint, little-endian</description></item>
/// <item><term>33–34</term><description>the width, little-endian</description></item>
/// <item><term>35</term><description>the name's length n in UTF-8 bytes, then the name</description></item>
/// <item><term>36 + n</term><description>the values, IEEE 754 binary64 little-endian, bit for bit (NaN payloads kept)</description></item>
/// </list>
/// </summary>
/// <remarks>
/// Stateless and thread-safe; <see cref="Write"/> and <see cref="Read"/> allocate nothing. Format 1 (no sequence; the
/// first online-store release) is not read: a store replaces such a vector on its next write, and a read of one fails
/// with <see cref="InvalidDataException"/> until then.
/// </remarks>
public static class FeatureVectorFormat
{
    /// <summary>The format this version writes.</summary>
    public const byte Format = 2;

    /// <summary>Where the big-endian event time starts, for server-side scripts that compare it; the big-endian sequence follows it.</summary>
    public const int EventTimeOffset = 5;

    // The order (event time and sequence) and the schema (version, fingerprint, width and name length) come before it.
    internal const int NameOffset = 36;
    private static ReadOnlySpan<byte> Magic => "MLFV"u8;

    /// <summary>The widest vector the format holds.</summary>
    public const int MaxWidth = ushort.MaxValue;

    /// <summary>The bytes one vector of <paramref name="schema"/> takes.</summary>
    /// <exception cref="ArgumentNullException">The schema is null.</exception>
    /// <exception cref="ArgumentException">The schema is wider than <see cref="MaxWidth"/>.</exception>
    public static int GetLength(FeatureVectorSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Width > MaxWidth)
        {
            throw new ArgumentException($"Feature set '{schema.Name}' has {schema.Width} columns; a stored vector holds at most {MaxWidth}.", nameof(schema));
        }

        return NameOffset + schema.NameBytes.Length + (schema.Width * sizeof(double));
    }

    /// <summary>Writes one vector into <paramref name="destination"/>.</summary>
    /// <param name="schema">The writer's schema.</param>
    /// <param name="eventTime">The event time the vector is as of.</param>
    /// <param name="sequence">Its order among vectors of the same event time (<see cref="FeatureVectorWrite.Sequence"/>), at least 0.</param>
    /// <param name="vector">The values.</param>
    /// <param name="destination">Receives the bytes.</param>
    /// <returns>The bytes written, <see cref="GetLength"/>.</returns>
    /// <exception cref="ArgumentException">The vector's length is not the schema's width, or the destination is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is negative.</exception>
    public static int Write(FeatureVectorSchema schema, DateTimeOffset eventTime, long sequence, ReadOnlySpan<double> vector, Span<byte> destination)
    {
        int length = GetLength(schema);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        if (vector.Length != schema.Width)
        {
            throw new ArgumentException($"The vector has {vector.Length} values; feature set '{schema.Name}' has {schema.Width}.", nameof(vector));
        }

        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination has {destination.Length} bytes; a vector of '{schema.Name}' takes {length}.", nameof(destination));
        }

        Magic.CopyTo(destination);
        destination[4] = Format;
        BinaryPrimitives.WriteInt64BigEndian(destination[EventTimeOffset..], eventTime.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(destination[13..], sequence);
        BinaryPrimitives.WriteInt32LittleEndian(destination[21..], schema.Version);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[25..], schema.Fingerprint);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[33..], (ushort)schema.Width);
        destination[35] = (byte)schema.NameBytes.Length;
        schema.NameBytes.CopyTo(destination[NameOffset..]);
        Span<byte> values = destination.Slice(NameOffset + schema.NameBytes.Length, schema.Width * sizeof(double));
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(values);
        }
        else
        {
            for (int i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(values[(i * sizeof(double))..], vector[i]);
            }
        }

        return length;
    }

    /// <summary>Reads one vector written for <paramref name="schema"/> into <paramref name="destination"/>.</summary>
    /// <param name="schema">The reader's schema.</param>
    /// <param name="source">The stored bytes.</param>
    /// <param name="destination">Receives the values; at least the schema's width.</param>
    /// <param name="entity">The entity the bytes belong to, named in errors.</param>
    /// <returns>The vector's event time.</returns>
    /// <exception cref="ArgumentException">The destination is shorter than the schema's width.</exception>
    /// <exception cref="FeatureVectorMismatchException">The vector was written for another feature set, version or definition; the destination is untouched.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a vector of this format, or are cut short; the destination is untouched.</exception>
    public static DateTimeOffset Read(FeatureVectorSchema schema, ReadOnlySpan<byte> source, Span<double> destination, string entity)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (destination.Length < schema.Width)
        {
            throw new ArgumentException($"The destination has {destination.Length} values; feature set '{schema.Name}' has {schema.Width}.", nameof(destination));
        }

        if (source.Length < NameOffset || !source[..4].SequenceEqual(Magic) || source[4] != Format)
        {
            throw new InvalidDataException($"The stored value for entity '{entity}' of feature set '{schema.Name}' is not an MlSystems feature vector of format {Format}.");
        }

        int nameLength = source[35];
        int version = BinaryPrimitives.ReadInt32LittleEndian(source[21..]);
        ulong fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(source[25..]);
        int width = BinaryPrimitives.ReadUInt16LittleEndian(source[33..]);
        if (source.Length < NameOffset + nameLength)
        {
            throw new InvalidDataException($"The stored vector for entity '{entity}' of feature set '{schema.Name}' is cut short ({source.Length} bytes).");
        }

        ReadOnlySpan<byte> name = source.Slice(NameOffset, nameLength);
        if (!name.SequenceEqual(schema.NameBytes) || version != schema.Version || fingerprint != schema.Fingerprint || width != schema.Width)
        {
            throw new FeatureVectorMismatchException(schema, entity, System.Text.Encoding.UTF8.GetString(name), version, fingerprint, width);
        }

        ReadOnlySpan<byte> values = source[(NameOffset + nameLength)..];
        if (values.Length != width * sizeof(double))
        {
            throw new InvalidDataException($"The stored vector for entity '{entity}' of feature set '{schema.Name}' holds {values.Length} value bytes; {width} values take {width * sizeof(double)}.");
        }

        if (BitConverter.IsLittleEndian)
        {
            values.CopyTo(MemoryMarshal.AsBytes(destination));
        }
        else
        {
            for (int i = 0; i < width; i++)
            {
                destination[i] = BinaryPrimitives.ReadDoubleLittleEndian(values[(i * sizeof(double))..]);
            }
        }

        return new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(source[EventTimeOffset..]), TimeSpan.Zero);
    }
}
