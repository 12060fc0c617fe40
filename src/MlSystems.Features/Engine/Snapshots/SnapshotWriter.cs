using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// Writes a snapshot's little-endian fields through a buffer to a stream, hashing every byte (XXH64) so
/// <see cref="Finish"/> can append the checksum a reader verifies. Strings are written as UTF-16 code units, so every
/// key, even one holding a lone surrogate, reads back as itself.
/// </summary>
internal sealed class SnapshotWriter
{
    private const int BufferSize = 1 << 16;

    private readonly Stream destination;
    private readonly XxHash64 hash = new();
    private readonly byte[] buffer = new byte[BufferSize];
    private int used;

    public SnapshotWriter(Stream destination) => this.destination = destination;

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(sizeof(int)), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(sizeof(long)), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(sizeof(ulong)), value);

    /// <summary>Writes a double's bits, so NaN payloads and −0 survive.</summary>
    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    public void WriteString(string value)
    {
        WriteInt32(value.Length);
        WriteBytes(MemoryMarshal.AsBytes(value.AsSpan()));
    }

    /// <summary>Writes timed values with their count.</summary>
    public void WritePoints(ReadOnlySpan<SlidingPoint> points)
    {
        WriteInt32(points.Length);
        foreach (SlidingPoint point in points)
        {
            WriteInt64(point.Ticks);
            WriteDouble(point.Value);
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int take = Math.Min(bytes.Length, BufferSize - used);
            bytes[..take].CopyTo(buffer.AsSpan(used));
            used += take;
            bytes = bytes[take..];
            if (used == BufferSize)
            {
                Flush();
            }
        }
    }

    /// <summary>Writes the checksum of everything written so far (not hashed itself) and flushes the stream.</summary>
    public void Finish()
    {
        Flush();
        Span<byte> checksum = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, hash.GetCurrentHashAsUInt64());
        destination.Write(checksum);
        destination.Flush();
    }

    private Span<byte> Reserve(int size)
    {
        if (used + size > BufferSize)
        {
            Flush();
        }

        Span<byte> span = buffer.AsSpan(used, size);
        used += size;
        return span;
    }

    private void Flush()
    {
        hash.Append(buffer.AsSpan(0, used));
        destination.Write(buffer, 0, used);
        used = 0;
    }
}
