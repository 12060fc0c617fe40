namespace MlSystems.Registry.Tests.Stores.PostgreSql;

/// <summary>A test that needs the PostgreSQL server: skipped with the reason when there is none, failed in CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.ConnectionString is null && !PostgresServer.InCi)
        {
            Skip = PostgresServer.SkipReason;
        }
    }
}
