using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// Reads what <see cref="SnapshotWriter"/> wrote, hashing every byte so <see cref="Finish"/> can compare the checksum.
/// Every length and count is bounded before anything is allocated for it, so a corrupt or hostile snapshot fails with
/// <see cref="InvalidDataException"/> rather than exhausting memory.
/// </summary>
internal sealed class SnapshotReader
{
    private const int BufferSize = 1 << 16;

    /// <summary>The longest string a snapshot holds, in UTF-16 code units.</summary>
    private const int MaxStringLength = 1 << 20;

    private readonly Stream source;
    private readonly XxHash64 hash = new();
    private readonly byte[] buffer = new byte[BufferSize];
    private int start;
    private int end;

    public SnapshotReader(Stream source) => this.source = source;

    public byte ReadByte() => Take(1)[0];

    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        byte other => throw Corrupt($"a flag holds {other}"),
    };

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(sizeof(ulong)));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    /// <summary>A count of items, refused outside 0 to <paramref name="maximum"/> before anything is allocated for them.</summary>
    public int ReadCount(int maximum, string what)
    {
        int count = ReadInt32();
        if (count < 0 || count > maximum)
        {
            throw Corrupt($"{what} count {count} is outside 0 to {maximum}");
        }

        return count;
    }

    public string ReadString()
    {
        int length = ReadCount(MaxStringLength, "string length");
        return string.Create(length, this, static (chars, reader) => reader.ReadBytes(MemoryMarshal.AsBytes(chars)));
    }

    /// <summary>Timed values with their count, refused unless in <see cref="EventTime.Precedes"/> order.</summary>
    public SlidingPoint[] ReadPoints(int maximum)
    {
        int count = ReadCount(maximum, "value");

        // Grown as values arrive, so a corrupt count cannot allocate more than the stream holds.
        var points = new List<SlidingPoint>(Math.Min(count, 1024));
        for (int k = 0; k < count; k++)
        {
            var point = new SlidingPoint { Ticks = ReadInt64(), Value = ReadDouble() };
            if (k > 0 && EventTime.Precedes(point.Ticks, point.Value, points[k - 1].Ticks, points[k - 1].Value))
            {
                throw Corrupt($"value {k} of a window comes before the one it follows");
            }

            points.Add(point);
        }

        return [.. points];
    }

    public void ReadBytes(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (start == end)
            {
                Fill(1);
            }

            int take = Math.Min(destination.Length, end - start);
            buffer.AsSpan(start, take).CopyTo(destination);
            start += take;
            destination = destination[take..];
        }
    }

    /// <summary>Checks the checksum that follows what was read, and that nothing follows it.</summary>
    public void Finish()
    {
        hash.Append(buffer.AsSpan(0, start));
        ulong expected = hash.GetCurrentHashAsUInt64();
        Span<byte> checksum = stackalloc byte[sizeof(ulong)];
        int have = Math.Min(end - start, checksum.Length);
        buffer.AsSpan(start, have).CopyTo(checksum);
        if (have < checksum.Length && source.ReadAtLeast(checksum[have..], checksum.Length - have, throwOnEndOfStream: false) < checksum.Length - have)
        {
            throw Corrupt("it ends early");
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(checksum) != expected)
        {
            throw Corrupt("its checksum does not match its contents");
        }

        if (end - start > checksum.Length || source.ReadByte() >= 0)
        {
            throw Corrupt("bytes follow its checksum");
        }
    }

    public static InvalidDataException Corrupt(string problem) => new($"The feature engine snapshot is corrupt: {problem}.");

    private ReadOnlySpan<byte> Take(int size)
    {
        if (end - start < size)
        {
            Fill(size);
        }

        ReadOnlySpan<byte> span = buffer.AsSpan(start, size);
        start += size;
        return span;
    }

    /// <summary>Hashes what was consumed, moves the rest to the front and reads until <paramref name="size"/> bytes are held.</summary>
    private void Fill(int size)
    {
        hash.Append(buffer.AsSpan(0, start));
        int held = end - start;
        buffer.AsSpan(start, held).CopyTo(buffer);
        (start, end) = (0, held);
        while (end < size)
        {
            int read = source.Read(buffer, end, BufferSize - end);
            if (read == 0)
            {
                throw Corrupt("it ends early");
            }

            end += read;
        }
    }
}
