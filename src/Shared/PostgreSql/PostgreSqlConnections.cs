using Npgsql;

namespace MlSystems.PostgreSql;

/// <summary>What every PostgreSQL store checks of its connection string and schema name before it touches the server.</summary>
internal static class PostgreSqlConnections
{
    /// <summary>
    /// Whether <paramref name="name"/> is lowercase letters, digits and underscores starting with a letter or underscore,
    /// at most 63 characters (PostgreSQL's identifier limit): a schema name that never needs quoting rules beyond the plain
    /// ones, since identifiers cannot be statement parameters.
    /// </summary>
    public static bool IsSchemaName(string? name) =>
        name is { Length: > 0 and <= 63 }
        && name[0] is '_' or (>= 'a' and <= 'z')
        && name.All(c => c is '_' or (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    /// <summary>Throws unless <paramref name="connectionString"/> parses, without opening anything: for options that
    /// make their store later, so a bad value fails the host's start-up.</summary>
    /// <exception cref="ArgumentException">The connection string is empty or cannot be parsed.</exception>
    public static void ValidateConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"The PostgreSQL connection string cannot be parsed: {e.Message}", nameof(connectionString), e);
        }
    }

    /// <summary>A data source for <paramref name="connectionString"/>.</summary>
    /// <exception cref="ArgumentException">The connection string is empty or cannot be parsed.</exception>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            return NpgsqlDataSource.Create(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"The PostgreSQL connection string cannot be parsed: {e.Message}", nameof(connectionString), e);
        }
    }

    /// <summary>
    /// Runs a store's option check before it takes <paramref name="dataSource"/>; when the check fails and the store was to
    /// own the data source (built from a connection string), disposes it, so a refused store leaks no pool.
    /// </summary>
    public static void ValidateOwned(NpgsqlDataSource dataSource, bool owns, Action validate)
    {
        try
        {
            validate();
        }
        catch when (owns)
        {
            dataSource.Dispose();
            throw;
        }
    }
}
