using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlSystems.PostgreSql;
using Npgsql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// A model registry store in PostgreSQL, shared by every host that reaches the database: versions, aliases and alias
/// history as rows of a schema the store creates and migrates on first use; artifacts as chunk rows in that schema, or in
/// whatever <see cref="PostgreSqlRegistryStoreOptions.Artifacts"/> names, verified by the registry on every read either
/// way. An update locks its model's row for the length of one transaction, so concurrent
/// registrations from any number of processes number versions without gaps or duplicates, and writes only the rows
/// that changed. Transient faults are retried (see <see cref="PostgreSqlRegistryStoreOptions.MaxRetryAttempts"/>);
/// a failed attempt rolls back whole. Every change is also appended to a change log and announced with NOTIFY in its
/// transaction, so registries on other hosts report it (<see cref="IModelRegistryChangeSource"/>). Thread-safe.
/// </summary>
/// <remarks>
/// Text that PostgreSQL cannot store (U+0000 in an alias change's actor, reason or evidence) is refused with an
/// <see cref="ArgumentException"/> before anything is written; metadata is stored as JSON text, where it is escaped.
/// </remarks>
public sealed class PostgreSqlModelRegistryStore : IModelRegistryStore, IModelRegistryChangeSource, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly bool ownsDataSource;
    private readonly RegistryTables tables;
    private readonly TransientFaults faults;
    private readonly IModelArtifactStore artifacts;
    private readonly ILogger logger;
    private readonly PostgreSqlRegistryStoreOptions options;
    private readonly TimeProvider time;
    private readonly Guid origin = Guid.NewGuid();
    private readonly MigrationGate migration = new();
    private readonly CancellationTokenSource closed = new();

    /// <summary>A store over <paramref name="dataSource"/>, which the caller owns and disposes.</summary>
    /// <param name="dataSource">Where the database is; its pool is shared with the caller.</param>
    /// <param name="options">The schema, chunk size and retry budget; the defaults of <see cref="PostgreSqlRegistryStoreOptions"/> when null. Copied.</param>
    /// <param name="timeProvider">Time for retry delays; the system clock when null.</param>
    /// <param name="logger">Migrations and retried faults; nothing is logged when null.</param>
    /// <exception cref="ArgumentException">An option is out of range; the exception names it.</exception>
    public PostgreSqlModelRegistryStore(NpgsqlDataSource dataSource, PostgreSqlRegistryStoreOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), owns: false, options, timeProvider, logger)
    {
    }

    /// <summary>A store over its own data source for <paramref name="connectionString"/>, disposed with the store.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="options">The schema, chunk size and retry budget; the defaults when null. Copied.</param>
    /// <param name="timeProvider">Time for retry delays; the system clock when null.</param>
    /// <param name="logger">Migrations and retried faults; nothing is logged when null.</param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed, or an option is out of range.</exception>
    public PostgreSqlModelRegistryStore(string connectionString, PostgreSqlRegistryStoreOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(PostgreSqlConnections.CreateDataSource(connectionString), owns: true, options, timeProvider, logger)
    {
    }

    private PostgreSqlModelRegistryStore(NpgsqlDataSource dataSource, bool owns, PostgreSqlRegistryStoreOptions? options, TimeProvider? timeProvider, ILogger? logger)
    {
        PostgreSqlRegistryStoreOptions copy = (options ?? new PostgreSqlRegistryStoreOptions()).Copy();
        PostgreSqlConnections.ValidateOwned(dataSource, owns, copy.Validate);

        this.dataSource = dataSource;
        ownsDataSource = owns;
        this.logger = logger ?? NullLogger.Instance;
        this.options = copy;
        time = timeProvider ?? TimeProvider.System;
        tables = new RegistryTables(copy.Schema);
        ILogger log = this.logger;
        faults = new TransientFaults(
            copy.MaxRetryAttempts,
            copy.RetryDelay,
            time,
            (fault, attempt, delay) => PostgreSqlRegistryLog.TransientFault(log, fault, copy.Schema, attempt, delay),
            (message, fault) => new ModelRegistryException(message, fault));
        artifacts = copy.Artifacts ?? new PostgreSqlArtifacts(dataSource, tables, copy.ChunkSize, faults, token => MigrateAsync(token));
        Schema = copy.Schema;
    }

    /// <summary>The schema that holds this store's tables.</summary>
    public string Schema { get; }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="PostgreSqlRegistryStoreOptions.Artifacts"/> when one was given; otherwise chunk rows in <see cref="Schema"/>,
    /// received into an anonymous local file while hashed (nothing to clean up if the process dies), published in one
    /// transaction (the artifact row and all its chunks appear together or not at all) and read one chunk row at a time.
    /// </remarks>
    public IModelArtifactStore Artifacts => artifacts;

    /// <summary>
    /// Creates or migrates the schema now rather than on the first operation (every operation does it once otherwise).
    /// Safe when several hosts start at once: they wait for each other and each step runs once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schema was migrated by a newer version of this package.</exception>
    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        migration.EnsureAsync(
            token => faults.ExecuteAsync(t => new ValueTask<int>(SchemaMigrator.MigrateAsync(dataSource, tables, RegistryMigrations.All, "MlSystems.Registry.PostgreSql", t)), token),
            applied => PostgreSqlRegistryLog.SchemaMigrated(logger, Schema, applied),
            cancellationToken);

    /// <inheritdoc/>
    public async Task<ModelRecord?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        RegistryNames.Model(name, nameof(name));
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await faults.ExecuteAsync(async token =>
        {
            await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            // One snapshot for the four queries, so a concurrent change is seen whole or not at all.
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, token).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction);
            RecordRows.AddQueries(batch, tables, name, forUpdate: false);
            ModelRecord? record;
            await using (NpgsqlDataReader reader = await batch.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                record = await RecordRows.ReadAsync(reader, name, token).ConfigureAwait(false);
            }

            await transaction.CommitAsync(token).ConfigureAwait(false);
            return record;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<ModelVersion?> ReadVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        ReadOneVersionAsync(name, $"{RowUpdate.VersionSelect(tables)} WHERE model = $1 AND version = $2", version, cancellationToken);

    /// <inheritdoc/>
    public Task<ModelVersion?> ReadAliasAsync(string name, string aliasName, CancellationToken cancellationToken)
    {
        RegistryNames.Alias(aliasName, nameof(aliasName));
        return ReadOneVersionAsync(name, $"{RowUpdate.VersionSelect(tables)} WHERE model = $1 AND version = (SELECT version FROM {tables.Aliases} WHERE model = $1 AND alias = $2)", aliasName, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The model's row is created (for a new model) or locked at the start of the transaction, so updates of one model
    /// from any host run one at a time; each read <paramref name="update"/> makes is one indexed query, and its changes
    /// are sent in one batch before the commit. <paramref name="update"/> runs again if a transient fault ends an attempt.
    /// </remarks>
    public async Task<T> UpdateAsync<T>(string name, Func<IModelRecordUpdate, CancellationToken, ValueTask<T>> update, CancellationToken cancellationToken)
    {
        RegistryNames.Model(name, nameof(name));
        ArgumentNullException.ThrowIfNull(update);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await faults.ExecuteAsync(async token =>
        {
            await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
            RowUpdate record;
            await using (var lockRow = new NpgsqlBatch(connection, transaction))
            {
                lockRow.BatchCommands.Add(RecordRows.Command($"INSERT INTO {tables.Models} (name, last_version) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING RETURNING 1", name));
                lockRow.BatchCommands.Add(RecordRows.Command($"SELECT last_version FROM {tables.Models} WHERE name = $1 FOR UPDATE", name));
                await using NpgsqlDataReader reader = await lockRow.ExecuteReaderAsync(token).ConfigureAwait(false);
                // A row this transaction inserted only holds the lock: to the update the model does not exist yet, and
                // the row goes with the rollback if the update changes nothing.
                bool created = await reader.ReadAsync(token).ConfigureAwait(false);
                await reader.NextResultAsync(token).ConfigureAwait(false);
                await reader.ReadAsync(token).ConfigureAwait(false);
                record = new RowUpdate(connection, transaction, tables, name, exists: !created, lastVersion: reader.GetInt32(0));
            }

            T result = await update(record, token).ConfigureAwait(false);
            if (!record.Changed)
            {
                await transaction.RollbackAsync(token).ConfigureAwait(false);
                return result;
            }

            await record.ApplyAsync(origin, token).ConfigureAwait(false);
            await transaction.CommitAsync(token).ConfigureAwait(false);
            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await faults.ExecuteAsync<IReadOnlyList<string>>(async token =>
        {
            await using NpgsqlCommand command = dataSource.CreateCommand($"SELECT name FROM {tables.Models} ORDER BY name COLLATE \"C\"");
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var names = new List<string>();
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>A session advisory lock on one held connection: shared by every host, released by the server if the holder dies.</remarks>
    public async Task<IAsyncDisposable> LockArtifactsAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await faults.ExecuteAsync(async token => await ArtifactLock.AcquireAsync(dataSource, tables, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>One probe of the versions' digest index.</remarks>
    public async Task<bool> IsArtifactReferencedAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await faults.ExecuteAsync(async token =>
        {
            await using NpgsqlCommand command = dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {tables.Versions} WHERE digest = $1)");
            command.Parameters.Add(new() { Value = digest });
            return (bool)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Staged artifacts are the artifact store's to reclaim (the default one never leaves any). What is left otherwise is an
    /// artifact published by a registration whose version was never recorded: under the artifact lock, the artifacts are
    /// listed and checked against the versions' digest index a thousand at a time, and the unreferenced deleted. Change
    /// log entries older than <see cref="PostgreSqlRegistryStoreOptions.ChangeRetention"/> are removed too.
    /// </remarks>
    public async Task<RegistryReclaimResult> ReclaimAsync(CancellationToken cancellationToken)
    {
        StagingReclaimResult staged = await artifacts.ReclaimStagingAsync(cancellationToken).ConfigureAwait(false);
        IAsyncDisposable held = await LockArtifactsAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            (int count, long bytes) = await OrphanedArtifacts.DeleteAsync(artifacts, ReferencedAsync, cancellationToken).ConfigureAwait(false);
            int pruned = await faults.ExecuteAsync(async token =>
            {
                await using NpgsqlCommand prune = dataSource.CreateCommand($"DELETE FROM {tables.Changes} WHERE at < now() - $1");
                prune.Parameters.Add(new() { Value = options.ChangeRetention });
                return await prune.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            if (pruned > 0)
            {
                PostgreSqlRegistryLog.ChangesPruned(logger, Schema, pruned, options.ChangeRetention);
            }

            return new RegistryReclaimResult(staged.Removed, 0, count, staged.Bytes + bytes, staged.InUse);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Holds one connection of the data source for as long as the watch lasts, LISTENing on the schema's channel, and reads
    /// the change log on every notification and every <see cref="PostgreSqlRegistryStoreOptions.ChangePollInterval"/>.
    /// Connecting happens before this method returns (migrating the schema first if this store has not yet); a lost
    /// connection is re-opened with back-off up to 30 seconds apart, and the log read from the last change delivered.
    /// </remarks>
    /// <para>Disposing the store ends every watch it started.</para>
    /// <exception cref="ModelRegistryException">The database could not be reached within the retry budget.</exception>
    /// <exception cref="ObjectDisposedException">The store has been disposed.</exception>
    public IDisposable WatchOtherWriters(Action<RegistryChange> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (!migration.Done)
        {
            // Subscribing is synchronous; this runs once per store, and every await below it is ConfigureAwait(false).
            MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        ObjectDisposedException.ThrowIf(closed.IsCancellationRequested, this);
        return ChangeListener.Start(dataSource, tables, origin, options, time, logger, faults, changed, closed.Token);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        closed.Cancel();
        migration.Dispose();
        if (ownsDataSource)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        closed.Cancel();
        migration.Dispose();
        if (ownsDataSource)
        {
            dataSource.Dispose();
        }
    }

    private async Task<ModelVersion?> ReadOneVersionAsync(string name, string sql, object key, CancellationToken cancellationToken)
    {
        RegistryNames.Model(name, nameof(name));
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await faults.ExecuteAsync(async token =>
        {
            await using NpgsqlCommand command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new() { Value = name });
            command.Parameters.Add(new() { Value = key });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false) ? RecordRows.Version(reader, name) : null;
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<IReadOnlySet<string>> ReferencedAsync(IReadOnlyList<string> digests, CancellationToken cancellationToken) =>
        faults.ExecuteAsync<IReadOnlySet<string>>(async token =>
        {
            await using NpgsqlCommand command = dataSource.CreateCommand($"SELECT DISTINCT digest FROM {tables.Versions} WHERE digest = ANY($1)");
            command.Parameters.Add(new() { Value = digests.ToArray() });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                referenced.Add(reader.GetString(0));
            }

            return referenced;
        }, cancellationToken);
}
