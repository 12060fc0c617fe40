namespace MlSystems.Features;

/// <summary>
/// The transport under partitioned feature processing: an append-only log per partition, read in order by the holder of
/// the partition's lease. Redis Streams implement it (<c>MlSystems.Features.Redis</c>, with a consumer group per stream);
/// a Kafka topic with one partition per partition fits it too (seek to the position, poll, commit offsets).
/// </summary>
/// <remarks>
/// A processor keeps its position in its checkpoint, written with its state under a fenced lease
/// (<see cref="IPartitionCoordinator"/>), and reads after it: that is what makes processing exactly-once, since a
/// transport's own delivery tracking is not committed with the state. The transport's tracking (a consumer group's
/// pending entries, a Kafka group's committed offsets) is kept in step through <see cref="CommitAsync"/>, so lag and
/// stuck partitions show in its own tools. Implementations are thread-safe.
/// </remarks>
public interface IFeatureEventLog
{
    /// <summary>How many partitions the stream has; fixed for its life.</summary>
    int PartitionCount { get; }

    /// <summary>Appends events to a partition, in order, in as few round trips as the transport allows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The partition is outside the stream.</exception>
    ValueTask AppendAsync(int partition, IReadOnlyList<ReadOnlyMemory<byte>> payloads, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads up to <paramref name="maxCount"/> events of the leased partition after <paramref name="after"/> (from the
    /// start when null), in order, whoever they were delivered to before: events a dead holder read but never
    /// committed are read again.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The partition is outside the stream, or the count is below 1.</exception>
    /// <exception cref="PartitionFencedException">The lease is no longer the partition's current one; nothing was read.</exception>
    ValueTask<IReadOnlyList<FeatureStreamRecord>> ReadAsync(PartitionLease lease, string? after, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the leased partition's events up to and including <paramref name="upTo"/> as covered by a checkpoint: every
    /// one the transport still counts as delivered but unacknowledged is acknowledged (a dead holder's included), and
    /// with <paramref name="trim"/> the transport may drop them.
    /// </summary>
    ValueTask CommitAsync(PartitionLease lease, string upTo, bool trim, CancellationToken cancellationToken = default);
}
