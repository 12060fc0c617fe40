using System.Buffers.Binary;
using System.IO.Hashing;

namespace MlSystems.Features;

/// <summary>
/// The head of a feature engine snapshot: what it is, its format, the definition that wrote it and the lateness its
/// windows were kept for. A restore checks it before reading any state.
/// </summary>
internal readonly record struct EngineSnapshotHeader(int Format, string Name, int Version, ulong Fingerprint, int Width, long LatenessTicks)
{
    /// <summary>"MLFE" in ASCII, read as a little-endian integer.</summary>
    public const int Magic = 0x45464C4D;

    /// <summary>The format written, and the only one read so far.</summary>
    public const int CurrentFormat = 1;

    public static EngineSnapshotHeader Of(FeatureVectorSchema schema, FeatureEngineOptions options) =>
        new(CurrentFormat, schema.Name, schema.Version, schema.Fingerprint, schema.Width, options.AllowedLateness.Ticks);

    /// <summary>Checks that <paramref name="snapshot"/> starts as a snapshot of the current format and ends with the checksum of what precedes it.</summary>
    /// <exception cref="InvalidDataException">It does not.</exception>
    public static void Verify(ReadOnlySpan<byte> snapshot)
    {
        if (snapshot.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(snapshot) != Magic)
        {
            throw new InvalidDataException("The bytes are not an MlSystems feature engine snapshot.");
        }

        int format = BinaryPrimitives.ReadInt32LittleEndian(snapshot[4..]);
        if (format != CurrentFormat)
        {
            throw new InvalidDataException($"The feature engine snapshot is of format {format}; this library reads format {CurrentFormat}.");
        }

        if (snapshot.Length < 16 || XxHash64.HashToUInt64(snapshot[..^8]) != BinaryPrimitives.ReadUInt64LittleEndian(snapshot[^8..]))
        {
            throw SnapshotReader.Corrupt("it is cut short, altered or followed by other bytes (its checksum does not match)");
        }
    }

    public static EngineSnapshotHeader Read(SnapshotReader reader)
    {
        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException("The bytes are not an MlSystems feature engine snapshot.");
        }

        int format = reader.ReadInt32();
        if (format != CurrentFormat)
        {
            throw new InvalidDataException($"The feature engine snapshot is of format {format}; this library reads format {CurrentFormat}.");
        }

        return new EngineSnapshotHeader(format, reader.ReadString(), reader.ReadInt32(), reader.ReadUInt64(), reader.ReadInt32(), reader.ReadInt64());
    }

    public void Write(SnapshotWriter writer)
    {
        writer.WriteInt32(Magic);
        writer.WriteInt32(Format);
        writer.WriteString(Name);
        writer.WriteInt32(Version);
        writer.WriteUInt64(Fingerprint);
        writer.WriteInt32(Width);
        writer.WriteInt64(LatenessTicks);
    }

    /// <summary>Refuses a snapshot that an engine of <paramref name="schema"/> with <paramref name="options"/> would not have written.</summary>
    /// <exception cref="FeatureSnapshotMismatchException">The definition or the lateness differs.</exception>
    public void Check(FeatureVectorSchema schema, FeatureEngineOptions options)
    {
        if (Name != schema.Name || Version != schema.Version || Fingerprint != schema.Fingerprint || Width != schema.Width)
        {
            throw new FeatureSnapshotMismatchException(
                $"The snapshot was written by feature set '{Name}' version {Version} (definition {Fingerprint:x16}, {Width} values); this engine runs "
                + $"'{schema.Name}' version {schema.Version} (definition {schema.Fingerprint:x16}, {schema.Width} values). Its state was computed by another "
                + "definition: rebuild it by replaying the events rather than serve features computed another way.",
                schema,
                Name,
                Version);
        }

        if (LatenessTicks != options.AllowedLateness.Ticks)
        {
            throw new FeatureSnapshotMismatchException(
                $"The snapshot of feature set '{Name}' was written with AllowedLateness {TimeSpan.FromTicks(LatenessTicks)}; this engine allows {options.AllowedLateness}. "
                + "Its windows kept values for the other lateness: restore it with the same options, or rebuild the state by replaying the events.",
                schema,
                Name,
                Version);
        }
    }
}
