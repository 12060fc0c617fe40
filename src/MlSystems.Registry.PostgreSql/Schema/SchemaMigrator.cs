using Npgsql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// Brings a schema up to <see cref="RegistryMigrations.All"/> in one transaction under a transaction-scoped advisory
/// lock, so hosts starting at once wait for each other and each step runs exactly once; a host that finds the schema
/// newer than it knows refuses to touch it.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Applies the missing steps; returns how many it applied.</summary>
    /// <exception cref="InvalidOperationException">The schema was migrated by a newer version of this package.</exception>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, RegistryTables tables, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var setUp = new NpgsqlBatch(connection, transaction))
        {
            setUp.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))") { Parameters = { new() { Value = tables.MigrationLockKey } } });
            setUp.BatchCommands.Add(new NpgsqlBatchCommand($"CREATE SCHEMA IF NOT EXISTS {tables.Quoted}"));
            setUp.BatchCommands.Add(new NpgsqlBatchCommand(
                $"CREATE TABLE IF NOT EXISTS {tables.Migrations} (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"));
            await setUp.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = new HashSet<int>();
        await using (var query = new NpgsqlCommand($"SELECT version FROM {tables.Migrations}", connection, transaction))
        await using (NpgsqlDataReader reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        int known = RegistryMigrations.All[^1].Version;
        if (applied.Count > 0 && applied.Max() > known)
        {
            throw new InvalidOperationException(
                $"The registry schema '{tables.Schema}' is at version {applied.Max()}, newer than this package knows ({known}): upgrade MlSystems.Registry.PostgreSql on this host.");
        }

        int count = 0;
        foreach (SchemaMigration migration in RegistryMigrations.All.Where(m => !applied.Contains(m.Version)))
        {
            // A step is several statements: a plain command (no parameters), which Npgsql splits, rather than a batch command.
            await using (var step = new NpgsqlCommand(migration.Sql(tables), connection, transaction))
            {
                await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand($"INSERT INTO {tables.Migrations} (version, description) VALUES ($1, $2)", connection, transaction))
            {
                record.Parameters.Add(new() { Value = migration.Version });
                record.Parameters.Add(new() { Value = migration.Description });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            count++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }
}
