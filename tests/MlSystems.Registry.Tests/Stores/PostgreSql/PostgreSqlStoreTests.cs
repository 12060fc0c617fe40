using MlSystems.Registry.PostgreSql;
using MlSystems.Registry.Tests.Conformance;
using Npgsql;

namespace MlSystems.Registry.Tests.Stores.PostgreSql;

public sealed class PostgreSqlStoreTests : ModelRegistryStoreConformanceTests
{
    private readonly string schema = PostgresServer.FreshSchema();

    protected override IModelRegistryStore CreateStore() =>
        new PostgreSqlModelRegistryStore(PostgresServer.Require(), new PostgreSqlRegistryStoreOptions { Schema = schema, ChunkSize = PostgreSqlRegistryStoreOptions.MinChunkSize });

    protected override void Corrupt(string digest, byte[] bytes)
    {
        using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(PostgresServer.Require());
        using NpgsqlConnection connection = dataSource.OpenConnection();
        using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Statement($"DELETE FROM \"{schema}\".artifact_chunks WHERE digest = $1", digest));
        batch.BatchCommands.Add(Statement($"INSERT INTO \"{schema}\".artifact_chunks (digest, index, data) VALUES ($1, 0, $2)", digest, bytes));
        batch.BatchCommands.Add(Statement($"UPDATE \"{schema}\".artifacts SET size = $2, chunk_size = $3 WHERE digest = $1", digest, (long)bytes.Length, Math.Max(bytes.Length, 1)));
        batch.ExecuteNonQuery();
    }

    public override void Dispose()
    {
        base.Dispose();
        if (PostgresServer.ConnectionString is not null)
        {
            PostgresServer.Drop(schema);
        }
    }

    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (object value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return command;
    }
}
