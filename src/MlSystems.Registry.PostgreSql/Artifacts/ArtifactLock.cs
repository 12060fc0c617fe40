using Npgsql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// The store-wide artifact lock: a session-level advisory lock held by one open connection, so it is shared by every
/// host on the database and released by the server if the holder dies.
/// </summary>
internal sealed class ArtifactLock(NpgsqlConnection connection, string key) : IAsyncDisposable
{
    public static async Task<ArtifactLock> AcquireAsync(NpgsqlDataSource dataSource, RegistryTables tables, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // No command timeout: a lock may rightly be waited for longer than a statement; cancellation ends the wait.
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", connection) { CommandTimeout = 0 };
            command.Parameters.Add(new() { Value = tables.ArtifactLockKey });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new ArtifactLock(connection, tables.ArtifactLockKey);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Unlocked before the connection goes back to the pool, where a held session lock would outlive this owner.
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended($1, 0))", connection);
            command.Parameters.Add(new() { Value = key });
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // A broken connection is not returned to the pool and its session, with the lock, is gone.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
