namespace MlSystems.PostgreSql;

/// <summary>
/// What <see cref="SchemaMigrator"/> needs of a package's schema: its name (validated to plain lowercase identifier
/// characters before it gets here, since identifiers cannot be statement parameters), the migrations table, and the key
/// of the lock that serialises migrations across hosts.
/// </summary>
internal interface ISchemaTables
{
    /// <summary>The schema's name, unquoted.</summary>
    string Schema { get; }

    /// <summary>The schema's name, quoted for statements.</summary>
    string Quoted { get; }

    /// <summary>The qualified name of the table that records the applied steps.</summary>
    string Migrations { get; }

    /// <summary>The key of the transaction lock that serialises migrations of this schema across hosts.</summary>
    string MigrationLockKey { get; }
}
