namespace MlSystems.Features;

/// <summary>
/// The transport under partitioned feature processing: an append-only log per partition, read from any position. Redis
/// Streams implement it (<c>MlSystems.Features.Redis</c>); a Kafka topic with one partition per partition fits it too.
/// </summary>
/// <remarks>
/// A processor keeps its own position in its checkpoint, written with its state under a fenced lease
/// (<see cref="IPartitionCoordinator"/>), and reads from there: that is what makes processing exactly-once, which a
/// transport's own delivery tracking (consumer-group acknowledgements) cannot give, since it is not committed with the
/// state. Implementations are thread-safe.
/// </remarks>
public interface IFeatureEventLog
{
    /// <summary>How many partitions the stream has; fixed for its life.</summary>
    int PartitionCount { get; }

    /// <summary>Appends events to a partition, in order, in as few round trips as the transport allows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The partition is outside the stream.</exception>
    ValueTask AppendAsync(int partition, IReadOnlyList<ReadOnlyMemory<byte>> payloads, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxCount"/> events of a partition after <paramref name="after"/> (from the start when null), in order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The partition is outside the stream, or the count is below 1.</exception>
    ValueTask<IReadOnlyList<FeatureStreamRecord>> ReadAsync(int partition, string? after, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Lets the transport drop a partition's events up to and including <paramref name="upTo"/>, which a checkpoint covers.</summary>
    ValueTask TrimAsync(int partition, string upTo, CancellationToken cancellationToken = default);
}
