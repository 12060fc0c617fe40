using Microsoft.Extensions.Logging;
using MlSystems.PostgreSql;
using Npgsql;
using Polly;
using Polly.Retry;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// Follows the change log for one store instance: a dedicated connection LISTENs on the schema's channel and, on each
/// notification (or every poll interval, in case notifications cannot reach it), reads the log past the last change it
/// delivered. Connecting, listening and reading the log's end happen before <see cref="Start"/> returns, so no change
/// committed after that is missed; a lost connection is re-opened with back-off and the log read from where it stopped.
/// </summary>
internal sealed class ChangeListener : IDisposable
{
    /// <summary>
    /// The prefix of the listening session's application name, followed by the schema, so an operator (or a test) can find
    /// it in <c>pg_stat_activity</c>.
    /// </summary>
    public const string ApplicationNamePrefix = "mlsystems-changes:";

    private const int Page = 1000;

    private readonly NpgsqlDataSource dataSource;
    private readonly RegistryTables tables;
    private readonly Guid origin;
    private readonly TimeSpan pollInterval;
    private readonly Action<RegistryChange> changed;
    private readonly ILogger logger;
    private readonly ResiliencePipeline reconnect;
    private readonly CancellationTokenSource stop;
    private readonly Lock gate = new();
    private long last;
    private volatile bool stopped;

    private ChangeListener(NpgsqlDataSource dataSource, RegistryTables tables, Guid origin, PostgreSqlRegistryStoreOptions options, TimeProvider time, ILogger logger, Action<RegistryChange> changed, CancellationToken storeClosed)
    {
        // The store's disposal ends the listener too: its data source may be disposed with the store.
        stop = CancellationTokenSource.CreateLinkedTokenSource(storeClosed);
        this.dataSource = dataSource;
        this.tables = tables;
        this.origin = origin;
        this.changed = changed;
        this.logger = logger;
        pollInterval = options.ChangePollInterval;
        string schema = tables.Schema;
        reconnect = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            // Every fault short of being stopped: a listener that gives up would silently stop a host from following the fleet.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(_ => !stop.IsCancellationRequested),
            MaxRetryAttempts = int.MaxValue,
            Delay = options.RetryDelay,
            MaxDelay = MaxReconnectDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            OnRetry = args =>
            {
                PostgreSqlRegistryLog.ChangeFeedReconnecting(logger, args.Outcome.Exception!, schema, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        }).Build();
    }

    /// <summary>The longest wait between two attempts to re-open a lost listening connection.</summary>
    public static TimeSpan MaxReconnectDelay { get; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connects, starts listening and notes the end of the log, synchronously (the caller is subscribing, which is not
    /// asynchronous), then follows the log in the background.
    /// </summary>
    public static ChangeListener Start(
        NpgsqlDataSource dataSource, RegistryTables tables, Guid origin, PostgreSqlRegistryStoreOptions options, TimeProvider time, ILogger logger, TransientFaults faults, Action<RegistryChange> changed, CancellationToken storeClosed)
    {
        var listener = new ChangeListener(dataSource, tables, origin, options, time, logger, changed, storeClosed);
        NpgsqlConnection connection = faults.Execute(() =>
        {
            NpgsqlConnection opened = dataSource.OpenConnection();
            try
            {
                using (NpgsqlBatch listen = listener.ListenBatch(opened))
                {
                    listen.ExecuteNonQuery();
                }

                using var end = new NpgsqlCommand($"SELECT coalesce(max(seq), 0) FROM {tables.Changes}", opened);
                listener.last = (long)end.ExecuteScalar()!;
                return opened;
            }
            catch
            {
                opened.Dispose();
                throw;
            }
        });
        // Not cancellable: the loop must run to dispose its connection and token source, whenever it is stopped.
        _ = Task.Run(() => listener.FollowAsync(connection), CancellationToken.None);
        return listener;
    }

    /// <summary>Stops the listener without waiting for it: no callback starts after this returns.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (!stopped)
            {
                stopped = true;
                stop.Cancel();
            }
        }
    }

    private async Task FollowAsync(NpgsqlConnection connection)
    {
        try
        {
            while (true)
            {
                try
                {
                    await using (connection.ConfigureAwait(false))
                    {
                        while (true)
                        {
                            // A notification only says "something committed"; the log says what, in order, once.
                            await connection.WaitAsync(pollInterval, stop.Token).ConfigureAwait(false);
                            await CatchUpAsync(connection, stop.Token).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    PostgreSqlRegistryLog.ChangeFeedLost(logger, e, tables.Schema);
                }

                connection = await reconnect.ExecuteAsync(async token => await ReconnectAsync(token).ConfigureAwait(false), stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            lock (gate)
            {
                stop.Dispose();
            }
        }
    }

    /// <summary>Re-opens the listening connection and reads what was committed while it was lost.</summary>
    private async Task<NpgsqlConnection> ReconnectAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (NpgsqlBatch listen = ListenBatch(connection))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // After LISTEN, so a commit between the two is read now or announced later, never lost.
            await CatchUpAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private NpgsqlBatch ListenBatch(NpgsqlConnection connection)
    {
        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('application_name', $1, false)") { Parameters = { new() { Value = ApplicationNamePrefix + tables.Schema } } });
        // The channel is the schema name, validated to plain identifier characters: LISTEN takes no parameters.
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"LISTEN \"{tables.Channel}\""));
        return batch;
    }

    /// <summary>Delivers every change past the last one delivered, a page at a time, skipping this instance's own.</summary>
    private async Task CatchUpAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        int read;
        do
        {
            var page = new List<(long Seq, Guid Origin, RegistryChange? Change)>(Page);
            await using (var command = new NpgsqlCommand($"SELECT seq, origin, kind, model, version, alias FROM {tables.Changes} WHERE seq > $1 ORDER BY seq LIMIT {Page}", connection))
            {
                command.Parameters.Add(new() { Value = last });
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var kind = (RegistryChangeKind)reader.GetInt16(2);
                    // A kind a newer package writes is skipped rather than reported as something it is not.
                    RegistryChange? change = Enum.IsDefined(kind)
                        ? new RegistryChange(kind, reader.GetString(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5))
                        : null;
                    page.Add((reader.GetInt64(0), reader.GetGuid(1), change));
                }
            }

            foreach ((long seq, Guid writer, RegistryChange? change) in page)
            {
                if (stopped || stop.IsCancellationRequested)
                {
                    return;
                }

                if (change is not null && writer != origin)
                {
                    Deliver(change);
                }

                last = seq;
            }

            read = page.Count;
        }
        while (read == Page);
    }

    private void Deliver(RegistryChange change)
    {
        try
        {
            changed(change);
        }
        catch (Exception e)
        {
            PostgreSqlRegistryLog.ChangeSubscriberFailed(logger, e, tables.Schema, change.Kind, change.ModelName);
        }
    }
}
