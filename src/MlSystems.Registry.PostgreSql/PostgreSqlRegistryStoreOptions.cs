using MlSystems.PostgreSql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// How a <see cref="PostgreSqlModelRegistryStore"/> lays out and reaches its tables. The store copies these values when it
/// is constructed, so changing an instance afterwards affects only stores built later.
/// </summary>
public sealed class PostgreSqlRegistryStoreOptions
{
    /// <summary>The smallest <see cref="ChunkSize"/>: 4 KiB.</summary>
    public const int MinChunkSize = 4 * 1024;

    /// <summary>The largest <see cref="ChunkSize"/>: 64 MiB, well under PostgreSQL's 1 GB field limit.</summary>
    public const int MaxChunkSize = 64 * 1024 * 1024;

    /// <summary>
    /// The schema that holds the registry's tables, created on first use; <c>mlsystems_registry</c> by default. Lowercase
    /// letters, digits and underscores, starting with a letter or underscore, at most 63 characters (PostgreSQL's
    /// identifier limit), so it never needs quoting rules beyond the plain ones.
    /// </summary>
    public string Schema { get; set; } = "mlsystems_registry";

    /// <summary>
    /// The size of the rows an artifact is split into, in bytes; 1 MiB by default, between <see cref="MinChunkSize"/> and
    /// <see cref="MaxChunkSize"/>. A registration or a read holds one chunk in memory at a time, whatever the artifact's
    /// size. Applies to artifacts published afterwards; each artifact records its own chunk size. Unused when
    /// <see cref="Artifacts"/> keeps the bytes elsewhere.
    /// </summary>
    public int ChunkSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// How many times an operation is retried after a transient fault (a dropped connection, a failover, a serialization
    /// failure or deadlock) before the fault is reported; 4 by default, 0 to never retry, at most 100.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>
    /// The delay before the first retry, doubled for each later one, with jitter; 200 milliseconds by default, between
    /// zero and one minute.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How often a host following other hosts' changes reads the change log even without a notification, the fallback for
    /// a connection path that drops notifications (a pooler in transaction mode, say); 30 seconds by default, between
    /// 100 milliseconds and one hour. Notifications normally arrive within milliseconds of a commit.
    /// </summary>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long change log entries are kept before <see cref="PostgreSqlModelRegistryStore.ReclaimAsync"/> removes them;
    /// 7 days by default, at least one hour. A host whose change feed is disconnected for longer misses what was pruned.
    /// </summary>
    public TimeSpan ChangeRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Where artifact bytes are kept, when not in the database; null by default, for chunk rows in <see cref="Schema"/>. Set
    /// it to keep metadata in PostgreSQL and bytes elsewhere: a <see cref="FileSystemArtifactStore"/> on a volume every host
    /// mounts, or your own <see cref="IModelArtifactStore"/> over an object store. The registry still holds the artifact
    /// lock, answers which digests are referenced and reclaims orphans in PostgreSQL, and verifies every read against its
    /// SHA-256, so the artifact store only keeps bytes. Every host of the registry must use the same artifact store, and
    /// no other registry may share it (a reclaim deletes what this registry's versions do not reference). The store does
    /// not dispose it.
    /// </summary>
    public IModelArtifactStore? Artifacts { get; set; }

    internal void Validate()
    {
        if (!PostgreSqlConnections.IsSchemaName(Schema))
        {
            throw new ArgumentException(
                $"The schema name '{Schema}' is not lowercase letters, digits and underscores starting with a letter or underscore, at most 63 characters.",
                nameof(Schema));
        }

        if (ChunkSize is < MinChunkSize or > MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, $"The chunk size must be between {MinChunkSize} and {MaxChunkSize} bytes.");
        }

        if (MaxRetryAttempts is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "The retry count must be between 0 and 100.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "The retry delay must be between zero and one minute.");
        }

        if (ChangePollInterval < TimeSpan.FromMilliseconds(100) || ChangePollInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(ChangePollInterval), ChangePollInterval, "The change poll interval must be between 100 milliseconds and one hour.");
        }

        if (ChangeRetention < TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(ChangeRetention), ChangeRetention, "The change retention must be at least one hour.");
        }
    }

    internal PostgreSqlRegistryStoreOptions Copy() => new()
    {
        Schema = Schema,
        ChunkSize = ChunkSize,
        MaxRetryAttempts = MaxRetryAttempts,
        RetryDelay = RetryDelay,
        ChangePollInterval = ChangePollInterval,
        ChangeRetention = ChangeRetention,
        Artifacts = Artifacts,
    };
}
