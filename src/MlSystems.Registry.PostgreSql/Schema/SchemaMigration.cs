namespace MlSystems.Registry.PostgreSql;

/// <summary>One versioned step of the registry's schema, applied once, in order, inside the migrating transaction.</summary>
/// <param name="Version">The step's number, from 1, without gaps.</param>
/// <param name="Description">What the step does, recorded in the migrations table.</param>
/// <param name="Sql">The statements, for the schema's tables.</param>
internal sealed record SchemaMigration(int Version, string Description, Func<RegistryTables, string> Sql);
