using Npgsql;
using NpgsqlTypes;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// Content-addressed artifacts as chunk rows: received into an anonymous local file while hashed, published in one
/// transaction (binary COPY, one chunk in memory at a time), read back chunk by chunk.
/// </summary>
internal sealed class PostgreSqlArtifacts(NpgsqlDataSource dataSource, RegistryTables tables, int chunkSize, TransientFaults faults)
{
    public static async Task<StagedArtifact> StageAsync(Stream content, CancellationToken cancellationToken)
    {
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

    public Task PublishAsync(StagedArtifact staged, CancellationToken cancellationToken) =>
        faults.ExecuteAsync(async token =>
        {
            var file = (FileStream)staged.StoreState;
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
        }, cancellationToken);

    public static Task DiscardAsync(StagedArtifact staged) => ((FileStream)staged.StoreState).DisposeAsync().AsTask();

    public Task<Stream?> OpenAsync(string digest, CancellationToken cancellationToken) =>
        faults.ExecuteAsync<Stream?>(async token =>
        {
            await using NpgsqlCommand command = dataSource.CreateCommand($"SELECT size, chunk_size FROM {tables.Artifacts} WHERE digest = $1");
            command.Parameters.Add(new() { Value = digest });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false)
                ? new ChunkedArtifactStream(this, digest, reader.GetInt64(0), reader.GetInt32(1))
                : null;
        }, cancellationToken);

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

    public Task DeleteAsync(string digest, CancellationToken cancellationToken) =>
        faults.ExecuteAsync(async token =>
        {
            await using NpgsqlCommand command = dataSource.CreateCommand($"DELETE FROM {tables.Artifacts} WHERE digest = $1");
            command.Parameters.Add(new() { Value = digest });
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Deletes every artifact no version references; the caller holds the artifact lock.</summary>
    public Task<(int Count, long Bytes)> DeleteUnreferencedAsync(CancellationToken cancellationToken) =>
        faults.ExecuteAsync(async token =>
        {
            await using NpgsqlCommand command = dataSource.CreateCommand(
                $"DELETE FROM {tables.Artifacts} a WHERE NOT EXISTS (SELECT 1 FROM {tables.Versions} v WHERE v.digest = a.digest) RETURNING size");
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            (int count, long bytes) = (0, 0);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                count++;
                bytes += reader.GetInt64(0);
            }

            return (count, bytes);
        }, cancellationToken);

    private NpgsqlCommand ChunkQuery(string digest, int index)
    {
        NpgsqlCommand command = dataSource.CreateCommand($"SELECT data FROM {tables.Chunks} WHERE digest = $1 AND index = $2");
        command.Parameters.Add(new() { Value = digest });
        command.Parameters.Add(new() { Value = index });
        return command;
    }
}
