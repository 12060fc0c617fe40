using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace MlSystems.Features;

/// <summary>Accumulates a definition's declared data into the XXH3 fingerprint, length-prefixing every string so no two definitions run together.</summary>
internal sealed class SchemaFingerprint
{
    private readonly XxHash3 hash = new();

    public SchemaFingerprint(string name, int version, IReadOnlyList<VectorColumn> columns)
    {
        Add(name).Add(version).Add(columns.Count);
        foreach (VectorColumn column in columns)
        {
            Add(column.Name).Add((int)column.Kind);
        }
    }

    public SchemaFingerprint Add(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        Add(bytes.Length);
        hash.Append(bytes);
        return this;
    }

    public SchemaFingerprint Add(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        hash.Append(bytes);
        return this;
    }

    public SchemaFingerprint Add(double value) => Add(BitConverter.DoubleToInt64Bits(value));

    public SchemaFingerprint Add(FeatureWindow window) => Add((int)window.Kind).Add(window.Length.Ticks).Add(window.Hop.Ticks);

    public ulong Finish() => hash.GetCurrentHashAsUInt64();
}
