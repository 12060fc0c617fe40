using MlSystems.PostgreSql;

namespace MlSystems.Monitoring.PostgreSql;

/// <summary>
/// The qualified names of the fleet store's tables in one schema. The schema name is validated to plain lowercase
/// identifier characters before it gets here (identifiers cannot be statement parameters); every value is a parameter.
/// </summary>
internal sealed class FleetTables(string schema) : ISchemaTables
{
    public string Schema { get; } = schema;

    public string Quoted { get; } = $"\"{schema}\"";

    public string Migrations => $"{Quoted}.schema_migrations";

    public string Summaries => $"{Quoted}.summaries";

    public string Leases => $"{Quoted}.leases";

    public string Plans => $"{Quoted}.plans";

    public string MigrationLockKey => $"mlsystems-fleet-migrations:{Schema}";

    /// <summary>
    /// The key of the transaction lock a flush of <paramref name="modelName"/> holds from drawing its position to
    /// committing: positions of one model are then committed in the order they were drawn, so a reader that has seen one
    /// has missed none below it.
    /// </summary>
    public string FlushLockKey(string modelName) => $"mlsystems-fleet-flush:{Schema}:{modelName}";
}
