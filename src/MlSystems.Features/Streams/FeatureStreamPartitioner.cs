using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// Which partition of a feature event stream an entity's events go to: XXH3 (unseeded) of the key's UTF-16 code units,
/// modulo the partition count. The same on every host, process and version of this library, so producers and the
/// processors that own the partitions agree without talking to each other.
/// </summary>
public static class FeatureStreamPartitioner
{
    /// <summary>The most partitions a stream may have.</summary>
    public const int MaxPartitions = 4096;

    /// <summary>The partition of <paramref name="entityKey"/> among <paramref name="partitionCount"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="entityKey"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partitionCount"/> is outside 1 to <see cref="MaxPartitions"/>.</exception>
    public static int PartitionOf(string entityKey, int partitionCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitionCount, MaxPartitions);
        return (int)(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(entityKey.AsSpan())) % (ulong)partitionCount);
    }
}
