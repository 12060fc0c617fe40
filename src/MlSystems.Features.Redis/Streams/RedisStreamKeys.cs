using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>The keys of one feature set's stream and coordination; see <see cref="RedisFeatureStreamOptions.KeyPrefix"/>.</summary>
internal sealed class RedisStreamKeys
{
    private readonly string prefix;
    private readonly string featureSet;

    public RedisStreamKeys(string prefix, string featureSet, int partitionCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(featureSet);
        if (featureSet.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"Feature set name '{featureSet}' holds a brace, which Redis would read as a hash tag in its stream keys.", nameof(featureSet));
        }

        (this.prefix, this.featureSet, PartitionCount) = (prefix, featureSet, partitionCount);
        Members = $"{prefix}{{{featureSet}}}:members";
    }

    public int PartitionCount { get; }

    public RedisKey Members { get; }

    public RedisKey Events(int partition) => Key(partition, "events");

    public RedisKey Lease(int partition) => Key(partition, "lease");

    public RedisKey Fence(int partition) => Key(partition, "fence");

    public RedisKey Checkpoint(int partition) => Key(partition, "checkpoint");

    /// <summary>Refuses a partition outside the stream, naming it.</summary>
    public void Check(int partition)
    {
        if ((uint)partition >= (uint)PartitionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"Feature set '{featureSet}' streams {PartitionCount} partitions.");
        }
    }

    private RedisKey Key(int partition, string what)
    {
        Check(partition);
        return $"{prefix}{{{featureSet}:{partition}}}:{what}";
    }
}
