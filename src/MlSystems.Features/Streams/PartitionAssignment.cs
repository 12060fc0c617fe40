using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// Which live processor should own a partition: rendezvous (highest-random-weight) hashing of the processor's id and the
/// partition. Every processor computes it from the same member list, so they agree without a leader, and when one joins
/// or leaves only the partitions it gains or loses move.
/// </summary>
internal static class PartitionAssignment
{
    /// <summary>The member that should own <paramref name="partition"/>; members must be non-empty.</summary>
    public static string OwnerOf(int partition, IReadOnlyList<string> members)
    {
        string best = members[0];
        ulong bestWeight = Weight(best, partition);
        for (int m = 1; m < members.Count; m++)
        {
            ulong weight = Weight(members[m], partition);
            if (weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(members[m], best) < 0))
            {
                (best, bestWeight) = (members[m], weight);
            }
        }

        return best;
    }

    private static ulong Weight(string member, int partition)
    {
        var hash = new XxHash3();
        hash.Append(MemoryMarshal.AsBytes(member.AsSpan()));
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, partition);
        hash.Append(bytes);
        return hash.GetCurrentHashAsUInt64();
    }
}
