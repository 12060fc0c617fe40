using Npgsql;

namespace MlSystems.Tests;

/// <summary>
/// The PostgreSQL server the tests use, named by <c>MLSYSTEMS_POSTGRES</c> (<c>eval "$(eng/start-postgres.sh)"</c>
/// starts one and sets it; <c>.ci/run</c> does that). Absent, the tests skip with the reason, except in CI
/// (<c>CI=true</c>), where they fail: a server that did not start must not pass as a green run. Compiled into the test
/// projects that reach the server (<c>&lt;Compile Include="../Shared/PostgreSql/*.cs" /&gt;</c>, with
/// <c>../Shared/Servers/*.cs</c>); they reference Npgsql
/// and Xunit.SkippableFact.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "MLSYSTEMS_POSTGRES";

    public static string? ConnectionString { get; } = TestServer.Read(Variable);

    /// <summary>The connection string; skips the running test (fails it in CI) when there is none.</summary>
    public static string Require() => TestServer.Require(ConnectionString, Variable, "PostgreSQL", "eng/start-postgres.sh");

    /// <summary>A schema name no other test uses.</summary>
    public static string FreshSchema() => $"test_{Guid.NewGuid():N}";

    /// <summary>Drops a test's schema and everything in it.</summary>
    public static void Drop(string schema)
    {
        using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(Require());
        using NpgsqlCommand command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        command.ExecuteNonQuery();
    }
}
