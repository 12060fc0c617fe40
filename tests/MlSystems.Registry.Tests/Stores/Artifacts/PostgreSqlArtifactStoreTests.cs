using MlSystems.Registry.PostgreSql;
using MlSystems.Registry.Tests.Conformance;

namespace MlSystems.Registry.Tests.Stores.Artifacts;

/// <summary>The PostgreSQL store's default artifacts: chunk rows in its schema.</summary>
public sealed class PostgreSqlArtifactStoreTests : ModelArtifactStoreConformanceTests
{
    private readonly string schema = PostgresServer.FreshSchema();
    private PostgreSqlModelRegistryStore? store;

    protected override IModelArtifactStore CreateArtifacts()
    {
        store = new PostgreSqlModelRegistryStore(PostgresServer.Require(), new PostgreSqlRegistryStoreOptions { Schema = schema, ChunkSize = PostgreSqlRegistryStoreOptions.MinChunkSize });
        return store.Artifacts;
    }

    public override void Dispose()
    {
        base.Dispose();
        store?.Dispose();
        if (PostgresServer.ConnectionString is not null)
        {
            PostgresServer.Drop(schema);
        }
    }
}
