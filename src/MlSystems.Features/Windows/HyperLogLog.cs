using System.Numerics;

namespace MlSystems.Features;

/// <summary>
/// A HyperLogLog distinct-count sketch (Flajolet et al., with linear counting for small cardinalities): 2^precision
/// one-byte registers, relative standard error about 1.04/√(2^precision) — 3.3% at the default precision 10 (1 KiB).
/// Mergeable by register-wise maximum, so hop buckets combine into a window.
/// </summary>
internal sealed class HyperLogLog
{
    private readonly byte[] registers;
    private readonly int precision;

    public HyperLogLog(int precision)
    {
        this.precision = precision;
        registers = new byte[1 << precision];
    }

    public void Add(ulong hash) => AddTo(registers, precision, hash);

    /// <summary>Adds a hash to the registers of a sketch of this precision (a merged copy as well as a sketch's own).</summary>
    public static void AddTo(Span<byte> registers, int precision, ulong hash)
    {
        int index = (int)(hash >> (64 - precision));

        // The rank of the first set bit among the remaining bits; a guard bit bounds it when they are all zero.
        ulong rest = (hash << precision) | (1UL << (precision - 1));
        byte rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > registers[index])
        {
            registers[index] = rank;
        }
    }

    /// <summary>Writes the registers, as (index, rank) pairs when fewer than a third are set.</summary>
    public void Save(SnapshotWriter writer)
    {
        int set = registers.Length - registers.AsSpan().Count((byte)0);
        bool sparse = set * 3 < registers.Length;
        writer.WriteBoolean(sparse);
        if (!sparse)
        {
            writer.WriteBytes(registers);
            return;
        }

        writer.WriteInt32(set);
        for (int i = 0; i < registers.Length; i++)
        {
            if (registers[i] != 0)
            {
                writer.WriteInt32(i);
                writer.WriteByte(registers[i]);
            }
        }
    }

    /// <summary>Takes what <see cref="Save"/> wrote into an empty sketch of the same precision.</summary>
    public void Load(SnapshotReader reader)
    {
        if (!reader.ReadBoolean())
        {
            reader.ReadBytes(registers);
        }
        else
        {
            int set = reader.ReadCount(registers.Length, "register");
            for (int k = 0; k < set; k++)
            {
                int i = reader.ReadInt32();
                if ((uint)i >= (uint)registers.Length)
                {
                    throw SnapshotReader.Corrupt($"register {i} is outside a sketch of {registers.Length}");
                }

                registers[i] = reader.ReadByte();
            }
        }

        // A rank counts the leading zeros of the bits left after the index, plus one, and a guard bit bounds it.
        int maxRank = 64 - precision + 1;
        if (registers.AsSpan().IndexOfAnyInRange((byte)(maxRank + 1), byte.MaxValue) is int bad and >= 0)
        {
            throw SnapshotReader.Corrupt($"register {bad} holds rank {registers[bad]}, above {maxRank}");
        }
    }

    public void Clear() => Array.Clear(registers);

    public void MergeInto(byte[] target)
    {
        for (int i = 0; i < registers.Length; i++)
        {
            target[i] = Math.Max(target[i], registers[i]);
        }
    }

    public static double Estimate(ReadOnlySpan<byte> registers)
    {
        int m = registers.Length;
        double sum = 0;
        int zeros = 0;
        foreach (byte r in registers)
        {
            sum += Math.ScaleB(1, -r);
            zeros += r == 0 ? 1 : 0;
        }

        double alpha = m switch { 16 => 0.673, 32 => 0.697, 64 => 0.709, _ => 0.7213 / (1 + (1.079 / m)) };
        double raw = alpha * m * m / sum;
        return raw <= 2.5 * m && zeros > 0 ? m * Math.Log((double)m / zeros) : raw;
    }
}
