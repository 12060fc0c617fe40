using MlSystems.Registry;
using MlSystems.Registry.PostgreSql;
using Npgsql;

namespace MlSystems.Benchmarks.Registry;

/// <summary>
/// A registry over the store a benchmark case names (<c>file</c>, <c>postgresql</c>, or <c>postgresql+files</c> for
/// metadata in PostgreSQL and bytes in a <see cref="FileSystemArtifactStore"/>), beside the bare-Npgsql floor in a schema
/// of its own, and everything removed again at the end of the case.
/// </summary>
internal sealed class RegistryTarget : IDisposable
{
    private readonly string? root;
    private readonly string? schema;
    private readonly string? floorSchema;
    private readonly NpgsqlDataSource dataSource;

    public RegistryTarget(string store)
    {
        dataSource = NpgsqlDataSource.Create(BenchmarkPostgres.ConnectionString);
        floorSchema = BenchmarkPostgres.FreshSchema("floor");
        Floor = new BareRegistryTables(dataSource, floorSchema, ChunkSize);
        Floor.Create();
        if (store == "file")
        {
            root = Path.Combine(Path.GetTempPath(), "mlsystems-bench-registry-" + Guid.NewGuid().ToString("N"));
            Store = new FileSystemModelRegistryStore(root);
        }
        else
        {
            schema = BenchmarkPostgres.FreshSchema("store");
            root = store == "postgresql+files" ? Path.Combine(Path.GetTempPath(), "mlsystems-bench-artifacts-" + Guid.NewGuid().ToString("N")) : null;
            Store = new PostgreSqlModelRegistryStore(dataSource, new PostgreSqlRegistryStoreOptions
            {
                Schema = schema,
                ChunkSize = ChunkSize,
                Artifacts = root is null ? null : new FileSystemArtifactStore(root),
            });
        }

        Registry = new ModelRegistry(Store);
    }

    /// <summary>Both sides split artifacts into rows of this size (the store's default).</summary>
    public static int ChunkSize => 1024 * 1024;

    public IModelRegistryStore Store { get; }

    public ModelRegistry Registry { get; }

    public BareRegistryTables Floor { get; }

    /// <summary>
    /// Gives <paramref name="model"/> <paramref name="count"/> versions through the store's own updates (a thousand per
    /// update, without artifacts: the operations measured never open them), and the floor as many.
    /// </summary>
    public async Task FillAsync(string model, int count)
    {
        DateTimeOffset at = DateTimeOffset.UnixEpoch;
        for (int done = 0; done < count;)
        {
            int batch = Math.Min(1_000, count - done);
            await Store.UpdateAsync(model, (record, _) =>
            {
                for (int i = 0; i < batch; i++)
                {
                    int version = record.LastVersion + 1;
                    record.AddVersion(new ModelVersion(model, version, $"sha256:{version:x64}", 1024, at, new ModelVersionMetadata()));
                }

                return ValueTask.FromResult(0);
            }, CancellationToken.None);
            done += batch;
        }

        Floor.Fill(model, count);
    }

    public void Dispose()
    {
        (Store as IDisposable)?.Dispose();
        if (root is not null)
        {
            Directory.Delete(root, recursive: true);
        }

        foreach (string? name in (string?[])[schema, floorSchema])
        {
            if (name is not null)
            {
                BenchmarkPostgres.Drop(dataSource, name);
            }
        }

        dataSource.Dispose();
    }
}
