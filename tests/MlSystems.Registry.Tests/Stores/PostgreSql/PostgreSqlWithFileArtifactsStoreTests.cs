using MlSystems.Registry.PostgreSql;
using MlSystems.Registry.Tests.Conformance;

namespace MlSystems.Registry.Tests.Stores.PostgreSql;

/// <summary>Metadata in PostgreSQL, bytes in a directory: the pluggable artifact side, judged by the same suite.</summary>
public sealed class PostgreSqlWithFileArtifactsStoreTests : ModelRegistryStoreConformanceTests
{
    private readonly string schema = PostgresServer.FreshSchema();
    private readonly FileSystemArtifactStore files = new(Path.Combine(Path.GetTempPath(), "mlsystems-pg-artifacts-" + Guid.NewGuid().ToString("N")));

    protected override IModelRegistryStore CreateStore() =>
        new PostgreSqlModelRegistryStore(PostgresServer.Require(), new PostgreSqlRegistryStoreOptions { Schema = schema, Artifacts = files });

    protected override void Corrupt(string digest, byte[] bytes) => File.WriteAllBytes(files.BlobPath(digest), bytes);

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(files.Root, recursive: true);
        if (PostgresServer.ConnectionString is not null)
        {
            PostgresServer.Drop(schema);
        }
    }
}
