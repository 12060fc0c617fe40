using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// Entity-key hashing for the engine's tables: XXH3 over the key's UTF-16 code units with a seed drawn per engine, so
/// the layout cannot be predicted from outside the process (keys often come from requests), at a fraction of the cost of
/// <see cref="string.GetHashCode()"/> on short keys.
/// </summary>
internal static class EntityKeyHash
{
    /// <summary>A 32-bit hash of <paramref name="key"/>: the high bits choose the shard, the low bits the slot.</summary>
    public static int Of(string key, ulong seed)
    {
        ulong hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()), (long)seed);
        return (int)(hash ^ (hash >> 32));
    }
}
