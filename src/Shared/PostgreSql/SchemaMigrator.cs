using Npgsql;

namespace MlSystems.PostgreSql;

/// <summary>
/// Brings a package's schema up to its list of steps in one transaction under a transaction-scoped advisory
/// lock, so hosts starting at once wait for each other and each step runs exactly once; a host that finds the schema
/// newer than it knows refuses to touch it.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Applies the missing steps of <paramref name="steps"/>; returns how many it applied.</summary>
    /// <param name="dataSource">Where the database is.</param>
    /// <param name="tables">The schema's names.</param>
    /// <param name="steps">Every step of the schema's history, in order.</param>
    /// <param name="packageName">The package that owns the schema, named in the error for a schema newer than it knows.</param>
    /// <param name="cancellationToken">Cancels the migration, which then rolls back whole.</param>
    /// <exception cref="InvalidOperationException">The schema was migrated by a newer version of the package.</exception>
    public static async Task<int> MigrateAsync<TTables>(NpgsqlDataSource dataSource, TTables tables, IReadOnlyList<SchemaMigration<TTables>> steps, string packageName, CancellationToken cancellationToken)
        where TTables : ISchemaTables
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

        int known = steps[^1].Version;
        if (applied.Count > 0 && applied.Max() > known)
        {
            throw new InvalidOperationException(
                $"The schema '{tables.Schema}' is at version {applied.Max()}, newer than this version of {packageName} knows ({known}): upgrade {packageName} on this host.");
        }

        int count = 0;
        foreach (SchemaMigration<TTables> migration in steps.Where(m => !applied.Contains(m.Version)))
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
