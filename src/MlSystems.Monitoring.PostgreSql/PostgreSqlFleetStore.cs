using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlSystems.PostgreSql;
using Npgsql;

namespace MlSystems.Monitoring.PostgreSql;

/// <summary>
/// A fleet store in PostgreSQL, shared by every serving host and coordinator that reaches the database: summaries, leases
/// and plan revisions as rows of a schema the store creates and migrates on first use. A flush takes its model's
/// transaction lock while it draws its position, so positions are committed in order; a lease is taken or renewed by one
/// atomic statement; a plan write holds the lease's row while it checks the token and appends the revision. Transient
/// faults are retried (see <see cref="PostgreSqlFleetStoreOptions.MaxRetryAttempts"/>); every operation is safe to repeat.
/// Thread-safe.
/// </summary>
/// <remarks>
/// Lease expiry is judged by the calling host's clock (the <see cref="TimeProvider"/> given here), as the
/// <see cref="IFleetStore"/> contract says: fencing, not the clocks, keeps two coordinators from acting.
/// </remarks>
public sealed class PostgreSqlFleetStore : IFleetStore, IAsyncDisposable, IDisposable
{
    private const string PackageName = "MlSystems.Monitoring.PostgreSql";

    private readonly NpgsqlDataSource dataSource;
    private readonly bool ownsDataSource;
    private readonly FleetTables tables;
    private readonly TransientFaults faults;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly MigrationGate migration = new();

    /// <summary>A store over <paramref name="dataSource"/>, which the caller owns and disposes.</summary>
    /// <param name="dataSource">Where the database is; its pool is shared with the caller.</param>
    /// <param name="options">The schema and retry budget; the defaults of <see cref="PostgreSqlFleetStoreOptions"/> when null. Copied.</param>
    /// <param name="timeProvider">The clock for lease expiry, plan times and retry delays; the system clock when null.</param>
    /// <param name="logger">Migrations and retried faults; nothing is logged when null.</param>
    /// <exception cref="ArgumentException">An option is out of range; the exception names it.</exception>
    public PostgreSqlFleetStore(NpgsqlDataSource dataSource, PostgreSqlFleetStoreOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), owns: false, options, timeProvider, logger)
    {
    }

    /// <summary>A store over its own data source for <paramref name="connectionString"/>, disposed with the store.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="options">The schema and retry budget; the defaults when null. Copied.</param>
    /// <param name="timeProvider">The clock for lease expiry, plan times and retry delays; the system clock when null.</param>
    /// <param name="logger">Migrations and retried faults; nothing is logged when null.</param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed, or an option is out of range.</exception>
    public PostgreSqlFleetStore(string connectionString, PostgreSqlFleetStoreOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(PostgreSqlConnections.CreateDataSource(connectionString), owns: true, options, timeProvider, logger)
    {
    }

    private PostgreSqlFleetStore(NpgsqlDataSource dataSource, bool owns, PostgreSqlFleetStoreOptions? options, TimeProvider? timeProvider, ILogger? logger)
    {
        PostgreSqlFleetStoreOptions copy = (options ?? new PostgreSqlFleetStoreOptions()).Copy();
        PostgreSqlConnections.ValidateOwned(dataSource, owns, copy.Validate);

        this.dataSource = dataSource;
        ownsDataSource = owns;
        time = timeProvider ?? TimeProvider.System;
        ILogger log = this.logger = logger ?? NullLogger.Instance;
        tables = new FleetTables(copy.Schema);
        Schema = copy.Schema;
        faults = new TransientFaults(
            copy.MaxRetryAttempts,
            copy.RetryDelay,
            time,
            (fault, attempt, delay) => PostgreSqlFleetLog.TransientFault(log, fault, copy.Schema, attempt, delay),
            (message, fault) => new FleetStoreException(message, fault));
    }

    /// <summary>The schema that holds this store's tables.</summary>
    public string Schema { get; }

    /// <summary>
    /// Creates or migrates the schema now rather than on the first operation (every operation does it once otherwise).
    /// Safe when several hosts start at once: they wait for each other and each step runs once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schema was migrated by a newer version of this package.</exception>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        migration.EnsureAsync(
            token => faults.ExecuteAsync(t => new ValueTask<int>(SchemaMigrator.MigrateAsync(dataSource, tables, FleetMigrations.All, PackageName, t)), token),
            applied => PostgreSqlFleetLog.SchemaMigrated(logger, Schema, applied),
            cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<FleetFlushOutcome> FlushAsync(FleetSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return await RunAsync(token => SummaryRows.FlushAsync(dataSource, tables, summary, token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<IReadOnlyList<StoredFleetSummary>> ReadSummariesAsync(string modelName, long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        FleetArguments.After(afterPosition, nameof(afterPosition));
        FleetArguments.ReadCount(maxCount, nameof(maxCount));
        return await RunAsync(token => SummaryRows.ReadAsync(dataSource, tables, modelName, afterPosition, maxCount, token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<IReadOnlyList<FleetHost>> ReadHostsAsync(string modelName, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        return await RunAsync(token => SummaryRows.HostsAsync(dataSource, tables, modelName, token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<long> PruneSummariesAsync(string modelName, DateTimeOffset intervalEndBefore, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        return await RunAsync(token => SummaryRows.PruneAsync(dataSource, tables, modelName, intervalEndBefore, token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<FleetLease?> TryAcquireLeaseAsync(string modelName, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        FleetArguments.Name(holder, nameof(holder));
        FleetArguments.LeaseDuration(duration, nameof(duration));
        return await RunAsync(token => LeaseRows.AcquireAsync(dataSource, tables, modelName, holder, time.GetUtcNow(), duration, token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<FleetLease?> RenewLeaseAsync(FleetLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        FleetArguments.Lease(lease, nameof(lease));
        FleetArguments.LeaseDuration(duration, nameof(duration));
        return await RunAsync(async token =>
        {
            DateTimeOffset expires = (time.GetUtcNow() + duration).ToUniversalTime();
            return await LeaseRows.SetExpiryAsync(dataSource, tables, lease, expires, onlyIfLater: false, token).ConfigureAwait(false) ? lease with { ExpiresAt = expires } : null;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task ReleaseLeaseAsync(FleetLease lease, CancellationToken cancellationToken = default)
    {
        FleetArguments.Lease(lease, nameof(lease));
        _ = await RunAsync(token => LeaseRows.SetExpiryAsync(dataSource, tables, lease, time.GetUtcNow(), onlyIfLater: true, token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<FleetLease?> ReadLeaseAsync(string modelName, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        return await RunAsync(token => LeaseRows.ReadAsync(dataSource, tables, modelName, token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<FleetPlan> WritePlanAsync(FleetLease lease, long expectedRevision, int formatVersion, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        FleetArguments.PlanWrite(lease, expectedRevision, formatVersion, payload);
        return await RunAsync(token => PlanRows.WriteAsync(dataSource, tables, lease, expectedRevision, formatVersion, payload, time.GetUtcNow(), token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<FleetPlan?> ReadPlanAsync(string modelName, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        IReadOnlyList<FleetPlan> latest = await RunAsync(token => PlanRows.ReadAsync(dataSource, tables, modelName, 0, 1, latestOnly: true, token), cancellationToken).ConfigureAwait(false);
        return latest.Count == 0 ? null : latest[0];
    }

    /// <inheritdoc/>
    /// <exception cref="FleetStoreException">The database could not be reached within the retry budget.</exception>
    public async Task<IReadOnlyList<FleetPlan>> ReadPlanHistoryAsync(string modelName, long afterRevision, int maxCount, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        FleetArguments.After(afterRevision, nameof(afterRevision));
        FleetArguments.ReadCount(maxCount, nameof(maxCount));
        return await RunAsync(token => PlanRows.ReadAsync(dataSource, tables, modelName, afterRevision, maxCount, latestOnly: false, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Migrates once, then runs one operation (a whole transaction) in the retry pipeline.</summary>
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await faults.ExecuteAsync(async token => await operation(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        migration.Dispose();
        if (ownsDataSource)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        migration.Dispose();
        if (ownsDataSource)
        {
            dataSource.Dispose();
        }
    }
}
