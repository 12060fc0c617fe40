using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace MlSystems.Benchmarks.Registry;

/// <summary>
/// The floor under the PostgreSQL store: the statements a hand-written registry table set would run for the same
/// operations, as bare Npgsql calls, with none of the registry's work (no idempotency lookup, no archive or delete
/// rules, no change log, no retries, no staging file). What the store costs beyond this is its logic.
/// </summary>
internal sealed class BareRegistryTables(NpgsqlDataSource dataSource, string schema, int chunkSize)
{
    private readonly string q = $"\"{schema}\"";

    public void Create()
    {
        using NpgsqlCommand command = dataSource.CreateCommand($"""
            CREATE SCHEMA {q};
            CREATE TABLE {q}.models (name text PRIMARY KEY, last_version integer NOT NULL);
            CREATE TABLE {q}.versions (model text NOT NULL, version integer NOT NULL, digest text NOT NULL, size bigint NOT NULL, PRIMARY KEY (model, version));
            CREATE TABLE {q}.aliases (model text NOT NULL, alias text NOT NULL, version integer NOT NULL, PRIMARY KEY (model, alias));
            CREATE TABLE {q}.history (model text NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY, alias text NOT NULL, to_version integer, PRIMARY KEY (model, seq));
            CREATE TABLE {q}.chunks (digest text NOT NULL, index integer NOT NULL, data bytea NOT NULL, PRIMARY KEY (digest, index));
            """);
        command.ExecuteNonQuery();
    }

    /// <summary>Gives <paramref name="model"/> <paramref name="count"/> versions in one statement.</summary>
    public void Fill(string model, int count)
    {
        using NpgsqlBatch batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"INSERT INTO {q}.models VALUES ($1, $2)", model, count));
        batch.BatchCommands.Add(Command($"INSERT INTO {q}.versions SELECT $1, v, 'sha256:' || md5(v::text), 1024 FROM generate_series(1, $2) v", model, count));
        batch.ExecuteNonQuery();
    }

    /// <summary>Locks the model row, takes the next number, writes the bytes and the version row, commits.</summary>
    public async Task<int> RegisterAsync(string model, byte[] artifact)
    {
        string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(artifact));
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync();
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
        await using var next = new NpgsqlCommand($"UPDATE {q}.models SET last_version = last_version + 1 WHERE name = $1 RETURNING last_version", connection, transaction);
        next.Parameters.Add(new() { Value = model });
        int version = (int)(await next.ExecuteScalarAsync())!;
        await WriteChunksAsync(connection, digest, artifact);
        await using var row = new NpgsqlCommand($"INSERT INTO {q}.versions VALUES ($1, $2, $3, $4)", connection, transaction);
        row.Parameters.Add(new() { Value = model });
        row.Parameters.Add(new() { Value = version });
        row.Parameters.Add(new() { Value = digest });
        row.Parameters.Add(new() { Value = (long)artifact.Length });
        await row.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return version;
    }

    /// <summary>One query: the alias joined to its version.</summary>
    public async Task<int> ResolveAsync(string model, string alias)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand($"SELECT v.version, v.digest, v.size FROM {q}.aliases a JOIN {q}.versions v ON v.model = a.model AND v.version = a.version WHERE a.model = $1 AND a.alias = $2");
        command.Parameters.Add(new() { Value = model });
        command.Parameters.Add(new() { Value = alias });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetInt32(0) : 0;
    }

    /// <summary>A conditional update and a history row in one transaction.</summary>
    public async Task<bool> MoveAsync(string model, string alias, int from, int to)
    {
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync();
        await using NpgsqlBatch batch = new(connection);
        batch.BatchCommands.Add(Command($"UPDATE {q}.aliases SET version = $4 WHERE model = $1 AND alias = $2 AND version = $3", model, alias, from, to));
        batch.BatchCommands.Add(Command($"INSERT INTO {q}.history (model, alias, to_version) VALUES ($1, $2, $3)", model, alias, to));
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
        batch.Transaction = transaction;
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return batch.BatchCommands[0].RecordsAffected == 1;
    }

    public void SetAlias(string model, string alias, int version)
    {
        using NpgsqlCommand command = dataSource.CreateCommand($"INSERT INTO {q}.aliases VALUES ($1, $2, $3) ON CONFLICT (model, alias) DO UPDATE SET version = EXCLUDED.version");
        command.Parameters.Add(new() { Value = model });
        command.Parameters.Add(new() { Value = alias });
        command.Parameters.Add(new() { Value = version });
        command.ExecuteNonQuery();
    }

    /// <summary>Reads the version's chunks in order and hashes them: the read a registry must do to verify.</summary>
    public async Task<long> ReadVerifiedAsync(string model, int version)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand($"SELECT c.data FROM {q}.versions v JOIN {q}.chunks c ON c.digest = v.digest WHERE v.model = $1 AND v.version = $2 ORDER BY c.index");
        command.Parameters.Add(new() { Value = model });
        command.Parameters.Add(new() { Value = version });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess);
        while (await reader.ReadAsync())
        {
            byte[] chunk = reader.GetFieldValue<byte[]>(0);
            hash.AppendData(chunk);
            length += chunk.Length;
        }

        return length + hash.GetHashAndReset()[0];
    }

    private async Task WriteChunksAsync(NpgsqlConnection connection, string digest, byte[] artifact)
    {
        await using NpgsqlBinaryImporter import = await connection.BeginBinaryImportAsync($"COPY {q}.chunks (digest, index, data) FROM STDIN (FORMAT BINARY)");
        for (int index = 0; (long)index * chunkSize < Math.Max(artifact.Length, 1); index++)
        {
            int start = index * chunkSize;
            await import.StartRowAsync();
            await import.WriteAsync(digest, NpgsqlDbType.Text);
            await import.WriteAsync(index, NpgsqlDbType.Integer);
            await import.WriteAsync(new ArraySegment<byte>(artifact, start, Math.Min(chunkSize, artifact.Length - start)), NpgsqlDbType.Bytea);
        }

        await import.CompleteAsync();
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (object value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return command;
    }
}
