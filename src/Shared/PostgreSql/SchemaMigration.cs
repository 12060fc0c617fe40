namespace MlSystems.PostgreSql;

/// <summary>One versioned step of a package's schema, applied once, in order, inside the migrating transaction.</summary>
/// <typeparam name="TTables">The package's table names, which the statements are written for.</typeparam>
/// <param name="Version">The step's number, from 1, without gaps.</param>
/// <param name="Description">What the step does, recorded in the migrations table.</param>
/// <param name="Sql">The statements, for the schema's tables.</param>
internal sealed record SchemaMigration<TTables>(int Version, string Description, Func<TTables, string> Sql)
    where TTables : ISchemaTables;
