using System.Buffers;
using System.Buffers.Binary;

namespace MlSystems.Binary;

/// <summary>
/// Writes the little-endian fields of MlSystems' binary forms (the fleet's summaries) to a buffer writer: fixed-width
/// integers and doubles by their bits. Linked into each package with a binary form.
/// </summary>
internal readonly struct BinaryFormWriter(IBufferWriter<byte> destination)
{
    public void WriteByte(byte value)
    {
        destination.GetSpan(1)[0] = value;
        destination.Advance(1);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination.GetSpan(4), value);
        destination.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination.GetSpan(8), value);
        destination.Advance(8);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(destination.GetSpan(8), value);
        destination.Advance(8);
    }

    /// <summary>A count, then the doubles.</summary>
    public void WriteDoubles(ReadOnlySpan<double> values)
    {
        WriteInt32(values.Length);
        foreach (double v in values)
        {
            WriteDouble(v);
        }
    }
}
