using System.Buffers.Binary;

namespace MlSystems.Binary;

/// <summary>
/// Reads what <see cref="BinaryFormWriter"/> wrote, refusing input that ends early or holds a count beyond its bound with
/// an <see cref="ArgumentException"/> that names the form, the field and the byte offset. Linked into each package with a
/// binary form.
/// </summary>
internal ref struct BinaryFormReader(ReadOnlySpan<byte> source, string form, string paramName)
{
    private readonly ReadOnlySpan<byte> source = source;
    private int position;

    /// <summary>The bytes read so far.</summary>
    public readonly int Position => position;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool AtEnd => position == source.Length;

    public byte ReadByte(string field) => Take(1, field)[0];

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    /// <summary>A count in [0, <paramref name="maximum"/>].</summary>
    public int ReadCount(string field, int maximum)
    {
        int at = position, count = ReadInt32(field);
        return count >= 0 && count <= maximum ? count : throw Invalid(field, at, $"{count} is outside [0, {maximum}]");
    }

    /// <summary>A non-negative 64-bit count.</summary>
    public long ReadNonNegative(string field)
    {
        int at = position;
        long value = ReadInt64(field);
        return value >= 0 ? value : throw Invalid(field, at, $"{value} is negative");
    }

    /// <summary>A finite double.</summary>
    public double ReadFinite(string field)
    {
        int at = position;
        double value = BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));
        return double.IsFinite(value) ? value : throw Invalid(field, at, $"{value} is not finite");
    }

    /// <summary>A count of at most <paramref name="maximum"/>, then that many finite doubles.</summary>
    public double[] ReadFiniteDoubles(string field, int maximum)
    {
        var values = new double[ReadCount(field, maximum)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ReadFinite(field);
        }

        return values;
    }

    /// <summary>Moves past <paramref name="count"/> bytes another reader has consumed.</summary>
    public void Skip(int count) => Take(count, "nested form");

    /// <summary>An error about the field read at <paramref name="at"/>, for checks made after reading it.</summary>
    public readonly ArgumentException Invalid(string field, int at, string problem) =>
        new($"Not a valid {form}: {field} at byte {at}: {problem}.", paramName);

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (source.Length - position < count)
        {
            throw Invalid(field, position, $"the input ends after {source.Length} bytes");
        }

        ReadOnlySpan<byte> taken = source.Slice(position, count);
        position += count;
        return taken;
    }
}
