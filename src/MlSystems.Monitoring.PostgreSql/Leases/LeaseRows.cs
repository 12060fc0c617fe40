using Npgsql;

namespace MlSystems.Monitoring.PostgreSql;

/// <summary>
/// The statements over the leases table. Each is one statement, atomic on the lease's row: a take compares the holder
/// and the expiry and draws the next token in the same update, so two coordinators racing for a lapsed lease get
/// different tokens and only one of them the lease.
/// </summary>
internal static class LeaseRows
{
    public static async Task<FleetLease?> AcquireAsync(NpgsqlDataSource dataSource, FleetTables tables, string modelName, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        // The right-hand sides read the row as it was: the token is kept only for the same holder's unlapsed lease.
        await using NpgsqlCommand command = dataSource.CreateCommand($"""
            INSERT INTO {tables.Leases} AS l (model, holder, token, expires_at_ticks) VALUES ($1, $2, 1, $3)
            ON CONFLICT (model) DO UPDATE SET
                token = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at_ticks > $4 THEN l.token ELSE l.token + 1 END,
                holder = EXCLUDED.holder,
                expires_at_ticks = EXCLUDED.expires_at_ticks
            WHERE l.expires_at_ticks <= $4 OR l.holder = EXCLUDED.holder
            RETURNING token
            """);
        DateTimeOffset expires = now + duration;
        command.Parameters.Add(new() { Value = modelName });
        command.Parameters.Add(new() { Value = holder });
        command.Parameters.Add(new() { Value = expires.UtcTicks });
        command.Parameters.Add(new() { Value = now.UtcTicks });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long token
            ? new FleetLease(modelName, holder, token, expires.ToUniversalTime())
            : null;
    }

    /// <summary>Sets the lease's expiry while its token is current; <paramref name="onlyIfLater"/> leaves an already earlier expiry alone (a release).</summary>
    public static async Task<bool> SetExpiryAsync(NpgsqlDataSource dataSource, FleetTables tables, FleetLease lease, DateTimeOffset expires, bool onlyIfLater, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(
            $"UPDATE {tables.Leases} SET expires_at_ticks = $4 WHERE model = $1 AND holder = $2 AND token = $3" + (onlyIfLater ? " AND expires_at_ticks > $4" : string.Empty));
        command.Parameters.Add(new() { Value = lease.ModelName });
        command.Parameters.Add(new() { Value = lease.Holder });
        command.Parameters.Add(new() { Value = lease.Token });
        command.Parameters.Add(new() { Value = expires.UtcTicks });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public static async Task<FleetLease?> ReadAsync(NpgsqlDataSource dataSource, FleetTables tables, string modelName, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand($"SELECT holder, token, expires_at_ticks FROM {tables.Leases} WHERE model = $1");
        command.Parameters.Add(new() { Value = modelName });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new FleetLease(modelName, reader.GetString(0), reader.GetInt64(1), SummaryRows.Utc(reader.GetInt64(2)))
            : null;
    }
}
