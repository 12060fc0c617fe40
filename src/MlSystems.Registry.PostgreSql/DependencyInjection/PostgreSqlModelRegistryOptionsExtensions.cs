using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlSystems.PostgreSql;
using Npgsql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>Chooses the PostgreSQL store in <c>services.AddModelRegistry(o => o.UsePostgreSql(…))</c>.</summary>
public static class PostgreSqlModelRegistryOptionsExtensions
{
    /// <summary>
    /// The PostgreSQL store over its own data source for <paramref name="connectionString"/>, disposed with the service
    /// provider. The connection string and <paramref name="configure"/>'s options are checked here, so a bad value fails
    /// the host's start-up (the registry's options are validated on start).
    /// </summary>
    /// <param name="options">The registry's options.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Sets the schema, chunk size or retry budget; the defaults when null.</param>
    /// <returns>The registry's options, for chaining.</returns>
    /// <exception cref="ArgumentException">The connection string cannot be parsed, or an option is out of range.</exception>
    public static ModelRegistryOptions UsePostgreSql(this ModelRegistryOptions options, string connectionString, Action<PostgreSqlRegistryStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgreSqlConnections.ValidateConnectionString(connectionString);

        PostgreSqlRegistryStoreOptions store = Configure(configure);
        return options.UseStore(sp => new PostgreSqlModelRegistryStore(connectionString, store, sp.GetService<TimeProvider>(), Logger(sp)));
    }

    /// <summary>
    /// The PostgreSQL store over <paramref name="dataSource"/>, which the caller owns (for example one registered with
    /// <c>AddNpgsqlDataSource</c> and shared with the rest of the service).
    /// </summary>
    /// <param name="options">The registry's options.</param>
    /// <param name="dataSource">Where the database is.</param>
    /// <param name="configure">Sets the schema, chunk size or retry budget; the defaults when null.</param>
    /// <returns>The registry's options, for chaining.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ModelRegistryOptions UsePostgreSql(this ModelRegistryOptions options, NpgsqlDataSource dataSource, Action<PostgreSqlRegistryStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataSource);
        PostgreSqlRegistryStoreOptions store = Configure(configure);
        return options.UseStore(sp => new PostgreSqlModelRegistryStore(dataSource, store, sp.GetService<TimeProvider>(), Logger(sp)));
    }

    private static PostgreSqlRegistryStoreOptions Configure(Action<PostgreSqlRegistryStoreOptions>? configure)
    {
        var store = new PostgreSqlRegistryStoreOptions();
        configure?.Invoke(store);
        store.Validate();
        return store;
    }

    private static ILogger? Logger(IServiceProvider services) => services.GetService<ILoggerFactory>()?.CreateLogger<PostgreSqlModelRegistryStore>();
}
