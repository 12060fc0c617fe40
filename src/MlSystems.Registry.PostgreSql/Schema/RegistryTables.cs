using MlSystems.PostgreSql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// The qualified names of the registry's tables in one schema. The schema name is validated to plain lowercase
/// identifier characters before it gets here (identifiers cannot be statement parameters); every value is a parameter.
/// </summary>
internal sealed class RegistryTables(string schema) : ISchemaTables
{
    public string Schema { get; } = schema;

    public string Quoted { get; } = $"\"{schema}\"";

    public string Migrations => $"{Quoted}.schema_migrations";

    public string Models => $"{Quoted}.models";

    public string Versions => $"{Quoted}.versions";

    public string Aliases => $"{Quoted}.aliases";

    public string History => $"{Quoted}.alias_history";

    public string Artifacts => $"{Quoted}.artifacts";

    public string Chunks => $"{Quoted}.artifact_chunks";

    public string Changes => $"{Quoted}.changes";

    /// <summary>
    /// The notification channel a committed change is announced on: the schema name, which is unique per registry and
    /// within PostgreSQL's 63-byte channel limit.
    /// </summary>
    public string Channel => Schema;

    /// <summary>
    /// The key of the transaction lock a change holds from writing its change rows to committing: change numbers are then
    /// committed in the order they were drawn, so a host that has read up to one number has missed none below it.
    /// </summary>
    public string ChangeLockKey => $"mlsystems-registry-changes:{Schema}";

    /// <summary>The key of the session lock a registration holds from publishing its artifact to recording its version.</summary>
    public string ArtifactLockKey => $"mlsystems-registry-artifacts:{Schema}";

    /// <summary>The key of the transaction lock that serialises migrations of this schema across hosts.</summary>
    public string MigrationLockKey => $"mlsystems-registry-migrations:{Schema}";
}
