using Npgsql;

namespace MlSystems.Monitoring.PostgreSql;

/// <summary>
/// The statements over the plans table. A write holds the lease's row (FOR SHARE) while it checks the token and appends
/// the next revision, so no coordinator can take the lease between the check and the commit.
/// </summary>
internal static class PlanRows
{
    private const string UniqueViolation = "23505";

    public static async Task<FleetPlan> WriteAsync(NpgsqlDataSource dataSource, FleetTables tables, FleetLease lease, long expectedRevision, int formatVersion, ReadOnlyMemory<byte> payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var check = new NpgsqlBatch(connection, transaction);
        check.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT holder, token FROM {tables.Leases} WHERE model = $1 FOR SHARE") { Parameters = { new() { Value = lease.ModelName } } });
        check.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT revision, holder, token, format, payload, written_at_ticks FROM {tables.Plans} WHERE model = $1 ORDER BY revision DESC LIMIT 1") { Parameters = { new() { Value = lease.ModelName } } });
        (string Holder, long Token)? current = null;
        FleetPlan? latest = null;
        await using (NpgsqlDataReader reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                current = (reader.GetString(0), reader.GetInt64(1));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                latest = Plan(reader, lease.ModelName);
            }
        }

        // A retry of a write whose commit was not acknowledged finds its own revision: that write is done, even if the
        // lease has changed hands since.
        long revision = latest?.Revision ?? 0;
        if (latest is not null && revision == expectedRevision + 1 && IsSame(latest, lease, formatVersion, payload))
        {
            return latest;
        }

        if (current is not { } held || held.Token != lease.Token || !string.Equals(held.Holder, lease.Holder, StringComparison.Ordinal))
        {
            throw FleetLeaseLostException.For(lease, current?.Token);
        }

        if (revision != expectedRevision)
        {
            throw FleetPlanConflictException.For(lease.ModelName, expectedRevision, revision);
        }

        var plan = new FleetPlan(lease.ModelName, expectedRevision + 1, formatVersion, payload.ToArray(), lease.Holder, lease.Token, now.ToUniversalTime());
        await using (var insert = new NpgsqlCommand($"INSERT INTO {tables.Plans} (model, revision, format, payload, holder, token, written_at_ticks) VALUES ($1, $2, $3, $4, $5, $6, $7)", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = plan.ModelName });
            insert.Parameters.Add(new() { Value = plan.Revision });
            insert.Parameters.Add(new() { Value = plan.FormatVersion });
            insert.Parameters.Add(new() { Value = plan.Payload });
            insert.Parameters.Add(new() { Value = plan.Holder });
            insert.Parameters.Add(new() { Value = plan.Token });
            insert.Parameters.Add(new() { Value = plan.WrittenAt.UtcTicks });
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation)
            {
                // Two writers under one token (one coordinator racing itself) both read the same latest revision.
                throw FleetPlanConflictException.For(lease.ModelName, expectedRevision, expectedRevision + 1);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return plan;
    }

    public static async Task<IReadOnlyList<FleetPlan>> ReadAsync(NpgsqlDataSource dataSource, FleetTables tables, string modelName, long afterRevision, int maxCount, bool latestOnly, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(latestOnly
            ? $"SELECT revision, holder, token, format, payload, written_at_ticks FROM {tables.Plans} WHERE model = $1 AND revision > $2 ORDER BY revision DESC LIMIT $3"
            : $"SELECT revision, holder, token, format, payload, written_at_ticks FROM {tables.Plans} WHERE model = $1 AND revision > $2 ORDER BY revision LIMIT $3");
        command.Parameters.Add(new() { Value = modelName });
        command.Parameters.Add(new() { Value = afterRevision });
        command.Parameters.Add(new() { Value = maxCount });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var plans = new List<FleetPlan>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            plans.Add(Plan(reader, modelName));
        }

        return plans;
    }

    private static FleetPlan Plan(NpgsqlDataReader reader, string modelName) =>
        new(modelName, reader.GetInt64(0), reader.GetInt32(3), reader.GetFieldValue<byte[]>(4), reader.GetString(1), reader.GetInt64(2), SummaryRows.Utc(reader.GetInt64(5)));

    private static bool IsSame(FleetPlan plan, FleetLease lease, int formatVersion, ReadOnlyMemory<byte> payload) =>
        plan.Token == lease.Token
        && string.Equals(plan.Holder, lease.Holder, StringComparison.Ordinal)
        && plan.FormatVersion == formatVersion
        && plan.Payload.Span.SequenceEqual(payload.Span);
}
