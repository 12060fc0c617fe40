using MlSystems.Monitoring.PostgreSql;
using MlSystems.Monitoring.Tests.Fleet.Conformance;
using Npgsql;

namespace MlSystems.Monitoring.Tests.Fleet.Stores;

/// <summary>The conformance suite against the PostgreSQL server of <c>MLSYSTEMS_POSTGRES</c>, in a schema of its own.</summary>
public sealed class PostgreSqlFleetStoreTests : FleetStoreConformanceTests
{
    private readonly string schema = PostgresServer.FreshSchema();
    private PostgreSqlFleetStore? store;

    // Every case is a few round trips to the server; the in-memory store runs the property widely.
    protected override int ModelCases => 25;

    protected override IFleetStore CreateStore(TimeProvider time) =>
        store = new PostgreSqlFleetStore(PostgresServer.Require(), new PostgreSqlFleetStoreOptions { Schema = schema }, time);

    public override void Dispose()
    {
        base.Dispose();
        store?.Dispose();
        if (PostgresServer.ConnectionString is not null)
        {
            PostgresServer.Drop(schema);
        }
    }

    [SkippableFact]
    public async Task Hosts_starting_at_once_migrate_the_schema_once_and_a_newer_schema_is_refused()
    {
        string connectionString = PostgresServer.Require();
        PostgreSqlFleetStore[] stores = [.. Enumerable.Range(0, 4).Select(_ => new PostgreSqlFleetStore(connectionString, new PostgreSqlFleetStoreOptions { Schema = schema }))];
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));
            await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
            await using (NpgsqlCommand count = dataSource.CreateCommand($"SELECT count(*) FROM \"{schema}\".schema_migrations"))
            {
                Assert.Equal(1L, await count.ExecuteScalarAsync());
            }

            await using (NpgsqlCommand newer = dataSource.CreateCommand($"INSERT INTO \"{schema}\".schema_migrations (version, description) VALUES (99, 'from the future')"))
            {
                await newer.ExecuteNonQueryAsync();
            }

            using var late = new PostgreSqlFleetStore(connectionString, new PostgreSqlFleetStoreOptions { Schema = schema });
            InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => late.ReadHostsAsync("fraud"));
            Assert.Contains("MlSystems.Monitoring.PostgreSql", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (PostgreSqlFleetStore s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_option()
    {
        Assert.Equal("Schema", Assert.Throws<ArgumentException>(() => new PostgreSqlFleetStore("Host=localhost", new PostgreSqlFleetStoreOptions { Schema = "Bad-Name" })).ParamName);
        Assert.Equal("MaxRetryAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new PostgreSqlFleetStore("Host=localhost", new PostgreSqlFleetStoreOptions { MaxRetryAttempts = 101 })).ParamName);
        Assert.Equal("RetryDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new PostgreSqlFleetStore("Host=localhost", new PostgreSqlFleetStoreOptions { RetryDelay = TimeSpan.FromMinutes(2) })).ParamName);
        Assert.Equal("connectionString", Assert.Throws<ArgumentException>(() => new PostgreSqlFleetStore("not a connection string")).ParamName);
    }
}
