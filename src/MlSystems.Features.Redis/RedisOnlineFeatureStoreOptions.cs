namespace MlSystems.Features.Redis;

/// <summary>How a <see cref="RedisOnlineFeatureStore"/> lays out and keeps its vectors. Copied when a store is created.</summary>
public sealed class RedisOnlineFeatureStoreOptions
{
    /// <summary>The longest <see cref="KeyPrefix"/>, in characters.</summary>
    public const int MaxKeyPrefixLength = 256;

    /// <summary>The largest <see cref="BatchSize"/>.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>
    /// The StackExchange.Redis configuration string (<c>host:port,password=…</c>) the dependency-injection registration
    /// connects with; null (the default) uses the <c>IConnectionMultiplexer</c> registered in the container. Not used by
    /// a store constructed directly, which is handed its connection.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Prepended to every key; default <c>mlsys:features:</c>. A vector lives under
    /// <c>{KeyPrefix}{feature set}:{entity}</c>, so stores of several feature sets share one database without collision.
    /// </summary>
    public string KeyPrefix { get; set; } = "mlsys:features:";

    /// <summary>
    /// How long after its event time a vector is kept, as a server-side expiry (PXAT, so memory is bounded by the
    /// entities written within it); null (the default) keeps vectors until overwritten. The dependency-injection
    /// registration defaults it to the feature engine's <see cref="FeatureEngineOptions.EntityTimeToLive"/>.
    /// </summary>
    public TimeSpan? TimeToLive { get; set; }

    /// <summary>
    /// The most entities one server call carries (one MGET, one guarded-write script); default 256. A larger batch is
    /// split and the calls pipelined, so it still costs about one round trip. 1 to <see cref="MaxBatchSize"/>.
    /// </summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>The Redis database number; default −1, the connection's default database.</summary>
    public int Database { get; set; } = -1;

    internal RedisOnlineFeatureStoreOptions Clone() => (RedisOnlineFeatureStoreOptions)MemberwiseClone();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Length > MaxKeyPrefixLength)
        {
            throw new ArgumentException($"KeyPrefix needs 1 to {MaxKeyPrefixLength} characters (it was {(KeyPrefix is null ? "null" : KeyPrefix.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}).", nameof(KeyPrefix));
        }

        if (TimeToLive is TimeSpan ttl && ttl < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentException($"TimeToLive must be at least a millisecond ({ttl}); null keeps vectors until overwritten.", nameof(TimeToLive));
        }

        if (BatchSize < 1 || BatchSize > MaxBatchSize)
        {
            throw new ArgumentException($"BatchSize must be 1 to {MaxBatchSize} ({BatchSize}).", nameof(BatchSize));
        }

        if (Database < -1)
        {
            throw new ArgumentException($"Database must be −1 (the connection's default) or a database number ({Database}).", nameof(Database));
        }
    }
}
