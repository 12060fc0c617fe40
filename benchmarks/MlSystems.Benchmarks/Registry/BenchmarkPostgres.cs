using Npgsql;

namespace MlSystems.Benchmarks.Registry;

/// <summary>
/// The PostgreSQL server the registry benchmarks run against, named by <c>MLSYSTEMS_POSTGRES</c>
/// (<c>eval "$(eng/start-postgres.sh)"</c>; <c>.ci/run</c> starts one before its dry run), and a schema per benchmark case.
/// </summary>
internal static class BenchmarkPostgres
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("MLSYSTEMS_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("MLSYSTEMS_POSTGRES is not set: run eval \"$(eng/start-postgres.sh)\" before the registry benchmarks.");

    /// <summary>A schema name no other case uses.</summary>
    public static string FreshSchema(string prefix) => $"bench_{prefix}_{Guid.NewGuid():N}"[..40];

    /// <summary>Drops a case's schema and everything in it.</summary>
    public static void Drop(NpgsqlDataSource dataSource, string schema)
    {
        using NpgsqlCommand command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        command.ExecuteNonQuery();
    }
}
