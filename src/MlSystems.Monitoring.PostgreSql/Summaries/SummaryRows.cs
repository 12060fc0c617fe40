using Npgsql;

namespace MlSystems.Monitoring.PostgreSql;

/// <summary>The statements over the summaries table: one flush, stored once under its model's flush lock; reads by position; hosts; pruning.</summary>
internal static class SummaryRows
{
    public static async Task<FleetFlushOutcome> FlushAsync(NpgsqlDataSource dataSource, FleetTables tables, FleetSummary summary, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = new NpgsqlBatch(connection, transaction);
        insert.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))") { Parameters = { new() { Value = tables.FlushLockKey(summary.ModelName) } } });
        insert.BatchCommands.Add(new NpgsqlBatchCommand(
            $"INSERT INTO {tables.Summaries} (model, host, seq, interval_start_ticks, interval_end_ticks, format, payload) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (model, host, seq) DO NOTHING")
        {
            Parameters =
            {
                new() { Value = summary.ModelName },
                new() { Value = summary.HostId },
                new() { Value = summary.Sequence },
                new() { Value = summary.IntervalStart.UtcTicks },
                new() { Value = summary.IntervalEnd.UtcTicks },
                new() { Value = summary.FormatVersion },
                new() { Value = summary.Payload },
            },
        });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (insert.BatchCommands[1].RecordsAffected == 1)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return FleetFlushOutcome.Stored;
        }

        // The key is taken: a retry of this flush (same contents) is done already; anything else is a reused host id.
        await using var stored = new NpgsqlCommand($"SELECT interval_start_ticks, interval_end_ticks, format, payload FROM {tables.Summaries} WHERE model = $1 AND host = $2 AND seq = $3", connection, transaction);
        stored.Parameters.Add(new() { Value = summary.ModelName });
        stored.Parameters.Add(new() { Value = summary.HostId });
        stored.Parameters.Add(new() { Value = summary.Sequence });
        FleetSummary existing;
        await using (NpgsqlDataReader reader = await stored.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // A prune removed the row between the insert and this read: the key is free again, so store this flush.
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return await FlushAsync(dataSource, tables, summary, cancellationToken).ConfigureAwait(false);
            }

            existing = new FleetSummary(summary.ModelName, summary.HostId, summary.Sequence, Utc(reader.GetInt64(0)), Utc(reader.GetInt64(1)), reader.GetInt32(2), reader.GetFieldValue<byte[]>(3));
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return existing.SameContents(summary) ? FleetFlushOutcome.AlreadyStored : throw summary.ConflictError();
    }

    public static async Task<IReadOnlyList<StoredFleetSummary>> ReadAsync(NpgsqlDataSource dataSource, FleetTables tables, string modelName, long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(
            $"SELECT position, host, seq, interval_start_ticks, interval_end_ticks, format, payload FROM {tables.Summaries} WHERE model = $1 AND position > $2 ORDER BY position LIMIT $3");
        command.Parameters.Add(new() { Value = modelName });
        command.Parameters.Add(new() { Value = afterPosition });
        command.Parameters.Add(new() { Value = maxCount });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<StoredFleetSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var summary = new FleetSummary(modelName, reader.GetString(1), reader.GetInt64(2), Utc(reader.GetInt64(3)), Utc(reader.GetInt64(4)), reader.GetInt32(5), reader.GetFieldValue<byte[]>(6));
            page.Add(new StoredFleetSummary(reader.GetInt64(0), summary));
        }

        return page;
    }

    public static async Task<IReadOnlyList<FleetHost>> HostsAsync(NpgsqlDataSource dataSource, FleetTables tables, string modelName, CancellationToken cancellationToken)
    {
        // Ordinal order, as the in-memory store sorts: the "C" collation compares code points.
        await using NpgsqlCommand command = dataSource.CreateCommand(
            $"SELECT host, max(seq), max(interval_end_ticks), count(*) FROM {tables.Summaries} WHERE model = $1 GROUP BY host ORDER BY host COLLATE \"C\"");
        command.Parameters.Add(new() { Value = modelName });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var hosts = new List<FleetHost>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hosts.Add(new FleetHost(reader.GetString(0), reader.GetInt64(1), Utc(reader.GetInt64(2)), reader.GetInt64(3)));
        }

        return hosts;
    }

    public static async Task<long> PruneAsync(NpgsqlDataSource dataSource, FleetTables tables, string modelName, DateTimeOffset intervalEndBefore, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand($"DELETE FROM {tables.Summaries} WHERE model = $1 AND interval_end_ticks < $2");
        command.Parameters.Add(new() { Value = modelName });
        command.Parameters.Add(new() { Value = intervalEndBefore.UtcTicks });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);
}
