using System.Runtime.CompilerServices;
using MlSystems.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// The PostgreSQL store's default artifact store, content-addressed artifacts as chunk rows in its schema: received
/// into an anonymous local file while hashed (nothing to clean up if the process dies), published in one transaction
/// (binary COPY, one chunk in memory at a time, so the artifact row and all its chunks appear together or not at all),
/// read back one chunk row at a time.
/// </summary>
/// <param name="dataSource">Where the database is.</param>
/// <param name="tables">The schema's table names.</param>
/// <param name="chunkSize">The size of the chunk rows new artifacts are split into.</param>
/// <param name="faults">The retry pipeline every statement runs in.</param>
/// <param name="migrate">Creates or migrates the schema before the first statement.</param>
internal sealed class PostgreSqlArtifacts(NpgsqlDataSource dataSource, RegistryTables tables, int chunkSize, TransientFaults faults, Func<CancellationToken, Task> migrate)
    : IModelArtifactStore
{

    public async Task<StagedArtifact> StageAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        FileStream file = StagingFile.Create();
        try
        {
            (string digest, long size) = await ArtifactDigest.CopyAsync(content, file, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new StagedArtifact(digest, size, file);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task PublishAsync(StagedArtifact staged, CancellationToken cancellationToken)
    {
        FileStream file = Staged(staged);
        await migrate(cancellationToken).ConfigureAwait(false);
        await faults.ExecuteAsync(async token =>
        {
            await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
            await using (var claim = new NpgsqlCommand($"INSERT INTO {tables.Artifacts} (digest, size, chunk_size) VALUES ($1, $2, $3) ON CONFLICT (digest) DO NOTHING", connection, transaction))
            {
                claim.Parameters.Add(new() { Value = staged.Digest });
                claim.Parameters.Add(new() { Value = staged.Size });
                claim.Parameters.Add(new() { Value = chunkSize });
                if (await claim.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 0)
                {
                    return true;
                }
            }

            file.Position = 0;
            byte[] buffer = new byte[(int)Math.Min(chunkSize, Math.Max(staged.Size, 1))];
            await using (NpgsqlBinaryImporter import = await connection.BeginBinaryImportAsync(
                $"COPY {tables.Chunks} (digest, index, data) FROM STDIN (FORMAT BINARY)", token).ConfigureAwait(false))
            {
                for (int index = 0; (long)index * chunkSize < staged.Size; index++)
                {
                    int length = (int)Math.Min(chunkSize, staged.Size - ((long)index * chunkSize));
                    await file.ReadExactlyAsync(buffer.AsMemory(0, length), token).ConfigureAwait(false);
                    await import.StartRowAsync(token).ConfigureAwait(false);
                    await import.WriteAsync(staged.Digest, NpgsqlDbType.Text, token).ConfigureAwait(false);
                    await import.WriteAsync(index, NpgsqlDbType.Integer, token).ConfigureAwait(false);
                    await import.WriteAsync(new ArraySegment<byte>(buffer, 0, length), NpgsqlDbType.Bytea, token).ConfigureAwait(false);
                }

                await import.CompleteAsync(token).ConfigureAwait(false);
            }

            await transaction.CommitAsync(token).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task DiscardAsync(StagedArtifact staged) => Staged(staged).DisposeAsync().AsTask();

    public async Task<Stream?> OpenAsync(string digest, CancellationToken cancellationToken)
    {
        ArtifactDigest.Hex(digest);
        await migrate(cancellationToken).ConfigureAwait(false);
        return await faults.ExecuteAsync<Stream?>(async token =>
        {
            await using NpgsqlCommand command = dataSource.CreateCommand($"SELECT size, chunk_size FROM {tables.Artifacts} WHERE digest = $1");
            command.Parameters.Add(new() { Value = digest });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false)
                ? new ChunkedArtifactStream(this, digest, reader.GetInt64(0), reader.GetInt32(1))
                : null;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<byte[]?> ReadChunkAsync(string digest, int index, CancellationToken cancellationToken) =>
        faults.ExecuteAsync(async token =>
        {
            await using NpgsqlCommand command = ChunkQuery(digest, index);
            return await command.ExecuteScalarAsync(token).ConfigureAwait(false) as byte[];
        }, cancellationToken);

    public byte[]? ReadChunk(string digest, int index) =>
        faults.Execute(() =>
        {
            using NpgsqlCommand command = ChunkQuery(digest, index);
            return command.ExecuteScalar() as byte[];
        });

    /// <remarks>
    /// Bytes a version records are never deleted, even if the caller's artifact lock was lost with its connection
    /// between checking and deleting: the statement checks the versions again.
    /// </remarks>
    public async Task DeleteAsync(string digest, CancellationToken cancellationToken)
    {
        ArtifactDigest.Hex(digest);
        await migrate(cancellationToken).ConfigureAwait(false);
        await faults.ExecuteAsync(async token =>
        {
            await using NpgsqlCommand command = dataSource.CreateCommand($"DELETE FROM {tables.Artifacts} a WHERE a.digest = $1 AND NOT EXISTS (SELECT 1 FROM {tables.Versions} v WHERE v.digest = a.digest)");
            command.Parameters.Add(new() { Value = digest });
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>Pages along the primary key, one short query per page, so no connection is held between pages.</remarks>
    public async IAsyncEnumerable<StoredArtifact> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await migrate(cancellationToken).ConfigureAwait(false);
        string after = string.Empty;
        while (true)
        {
            List<StoredArtifact> page = await faults.ExecuteAsync(async token =>
            {
                await using NpgsqlCommand command = dataSource.CreateCommand(
                    $"SELECT digest, size FROM {tables.Artifacts} WHERE digest > $1 ORDER BY digest LIMIT {OrphanedArtifacts.BatchSize}");
                command.Parameters.Add(new() { Value = after });
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                var rows = new List<StoredArtifact>(OrphanedArtifacts.BatchSize);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    rows.Add(new StoredArtifact(reader.GetString(0), reader.GetInt64(1)));
                }

                return rows;
            }, cancellationToken).ConfigureAwait(false);
            foreach (StoredArtifact artifact in page)
            {
                yield return artifact;
            }

            if (page.Count < OrphanedArtifacts.BatchSize)
            {
                yield break;
            }

            after = page[^1].Digest;
        }
    }

    /// <remarks>Staging is an anonymous local file, gone with its process: there is never anything to reclaim.</remarks>
    public Task<StagingReclaimResult> ReclaimStagingAsync(CancellationToken cancellationToken) => Task.FromResult(StagingReclaimResult.None);

    private static FileStream Staged(StagedArtifact staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        return staged.StoreState as FileStream ?? throw new ArgumentException("The artifact was not staged by the PostgreSQL store's artifacts.", nameof(staged));
    }

    private NpgsqlCommand ChunkQuery(string digest, int index)
    {
        NpgsqlCommand command = dataSource.CreateCommand($"SELECT data FROM {tables.Chunks} WHERE digest = $1 AND index = $2");
        command.Parameters.Add(new() { Value = digest });
        command.Parameters.Add(new() { Value = index });
        return command;
    }
}
