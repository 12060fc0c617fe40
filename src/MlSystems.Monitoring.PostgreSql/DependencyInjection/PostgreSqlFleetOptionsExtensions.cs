using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlSystems.PostgreSql;
using Npgsql;

namespace MlSystems.Monitoring.PostgreSql;

/// <summary>Puts a monitor's fleet on PostgreSQL (<c>AddModelMonitoringFleet(f => f.UsePostgreSql(...))</c>).</summary>
public static class PostgreSqlFleetOptionsExtensions
{
    /// <summary>
    /// The PostgreSQL fleet store over its own data source for <paramref name="connectionString"/>, disposed with the
    /// service provider. The connection string and <paramref name="configure"/>'s options are checked here, so a bad
    /// value fails the host's start-up.
    /// </summary>
    /// <param name="options">The fleet's options.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Sets the schema or the retry budget; the defaults when null.</param>
    /// <returns>The fleet's options, for chaining.</returns>
    /// <exception cref="ArgumentException">The connection string cannot be parsed, or an option is out of range.</exception>
    public static FleetOptions UsePostgreSql(this FleetOptions options, string connectionString, Action<PostgreSqlFleetStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgreSqlConnections.ValidateConnectionString(connectionString);

        PostgreSqlFleetStoreOptions store = Configure(configure);
        return options.UseStore(sp => new PostgreSqlFleetStore(connectionString, store, sp.GetService<TimeProvider>(), Logger(sp)));
    }

    /// <summary>The PostgreSQL fleet store over <paramref name="dataSource"/>, which the caller owns (for example the one
    /// the registry's store uses, so the fleet lives in the registry's database).</summary>
    /// <param name="options">The fleet's options.</param>
    /// <param name="dataSource">Where the database is.</param>
    /// <param name="configure">Sets the schema or the retry budget; the defaults when null.</param>
    /// <returns>The fleet's options, for chaining.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static FleetOptions UsePostgreSql(this FleetOptions options, NpgsqlDataSource dataSource, Action<PostgreSqlFleetStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataSource);
        PostgreSqlFleetStoreOptions store = Configure(configure);
        return options.UseStore(sp => new PostgreSqlFleetStore(dataSource, store, sp.GetService<TimeProvider>(), Logger(sp)));
    }

    private static PostgreSqlFleetStoreOptions Configure(Action<PostgreSqlFleetStoreOptions>? configure)
    {
        var store = new PostgreSqlFleetStoreOptions();
        configure?.Invoke(store);
        store.Validate();
        return store;
    }

    private static ILogger? Logger(IServiceProvider services) => services.GetService<ILoggerFactory>()?.CreateLogger<PostgreSqlFleetStore>();
}
