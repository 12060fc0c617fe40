using System.Globalization;

namespace MlSystems.Features.Redis;

/// <summary>How a feature event stream and its coordination are laid out in Redis. Copied when a stream or coordinator is created.</summary>
public sealed class RedisFeatureStreamOptions
{
    /// <summary>The longest <see cref="KeyPrefix"/>, in characters.</summary>
    public const int MaxKeyPrefixLength = 256;

    /// <summary>
    /// The StackExchange.Redis configuration string the dependency-injection registration connects with; null (the
    /// default) uses the <c>IConnectionMultiplexer</c> registered in the container. Not used by a stream or coordinator
    /// constructed directly, which is handed its connection.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Prepended to every key; default <c>mlsys:streams:</c>. Partition p of feature set s is the stream
    /// <c>{KeyPrefix}{s:p}:events</c>, its lease, fencing counter and checkpoint sit beside it under the same hash tag
    /// (one cluster slot, so a checkpoint is written atomically with its lease check), and the processors' heartbeats
    /// are <c>{KeyPrefix}{s}:members</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "mlsys:streams:";

    /// <summary>
    /// How many partitions the stream has; default 16, 1 to <see cref="FeatureStreamPartitioner.MaxPartitions"/>.
    /// Producers and processors must agree on it; more partitions than processors lets a new processor take a share.
    /// </summary>
    public int PartitionCount { get; set; } = 16;

    /// <summary>
    /// The consumer group each partition's stream is read through; default <c>processors</c>. Its pending entries are
    /// what a holder read but no checkpoint covers yet (XPENDING shows a processor's uncommitted work, and a successor
    /// claims it with XAUTOCLAIM).
    /// </summary>
    public string ConsumerGroup { get; set; } = "processors";

    /// <summary>The Redis database number; default −1, the connection's default database.</summary>
    public int Database { get; set; } = -1;

    internal RedisFeatureStreamOptions Clone() => (RedisFeatureStreamOptions)MemberwiseClone();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Length > MaxKeyPrefixLength || KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"KeyPrefix needs 1 to {MaxKeyPrefixLength} characters and no braces, which Redis reads as a hash tag (it was {(KeyPrefix is null ? "null" : $"'{KeyPrefix}'")}).", nameof(KeyPrefix));
        }

        if (string.IsNullOrWhiteSpace(ConsumerGroup) || ConsumerGroup.Length > MaxKeyPrefixLength)
        {
            throw new ArgumentException($"ConsumerGroup needs 1 to {MaxKeyPrefixLength} characters, not blank.", nameof(ConsumerGroup));
        }

        if (PartitionCount < 1 || PartitionCount > FeatureStreamPartitioner.MaxPartitions)
        {
            throw new ArgumentException($"PartitionCount must be 1 to {FeatureStreamPartitioner.MaxPartitions.ToString(CultureInfo.InvariantCulture)} ({PartitionCount}).", nameof(PartitionCount));
        }

        if (Database < -1)
        {
            throw new ArgumentException($"Database must be −1 (the connection's default) or a database number ({Database}).", nameof(Database));
        }
    }
}
