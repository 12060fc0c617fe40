using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlSystems.Registry;

namespace MlSystems.Monitoring;

/// <summary>Registers the model monitor with a host's service collection and health checks.</summary>
public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="ModelMonitor"/> singleton and a hosted service that runs its checks at start and every
    /// <see cref="ModelMonitorOptions.CheckInterval"/>, with options validated at start-up, metrics through
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (meter <c>MlSystems.Monitoring</c>) and logging.
    /// </summary>
    /// <remarks>
    /// The monitor takes the registered <see cref="IModelRegistry"/> (<c>AddModelRegistry</c>), the registered
    /// <see cref="IReferenceProfileStore"/> or else a <see cref="FileSystemReferenceProfileStore"/> over
    /// <paramref name="profileDirectory"/>, the registered <see cref="IRetrainingHook"/> if any (none: watch and report
    /// only), and the registered <see cref="TimeProvider"/> (the system clock unless the host registered another).
    /// </remarks>
    /// <param name="services">The service collection; it must provide <c>IMeterFactory</c> (<c>services.AddMetrics()</c>).</param>
    /// <param name="configure">Sets the model, the features and the policies.</param>
    /// <param name="profileDirectory">The directory of the file-system profile store; null when an
    /// <see cref="IReferenceProfileStore"/> is registered.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="profileDirectory"/> is empty or white space.</exception>
    /// <exception cref="InvalidOperationException">A monitor is already registered: one service collection monitors one model.</exception>
    public static IServiceCollection AddModelMonitoring(this IServiceCollection services, Action<ModelMonitorOptions> configure, string? profileDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (profileDirectory is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(profileDirectory);
        }

        // A second call would merge its options into the first monitor's and register nothing new: refuse it.
        if (services.Any(d => d.ServiceType == typeof(ModelMonitor)))
        {
            throw new InvalidOperationException(
                "AddModelMonitoring was already called on this service collection. A host monitors one model: monitor another model from its own host, or construct a second ModelMonitor directly.");
        }

        services.AddOptions<ModelMonitorOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelMonitorOptions>, ModelMonitorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MonitoringTelemetry>();
        services.TryAddSingleton<IReferenceProfileStore>(_ => new FileSystemReferenceProfileStore(profileDirectory
            ?? throw new InvalidOperationException("Register an IReferenceProfileStore or pass AddModelMonitoring a profile directory.")));
        services.AddSingleton(sp =>
        {
            // In a fleet (AddModelMonitoringFleet), the monitor joins it through the registered store and options.
            bool inFleet = sp.GetService<FleetRegistration>() is not null;
            return new ModelMonitor(
                sp.GetRequiredService<IOptions<ModelMonitorOptions>>().Value,
                sp.GetRequiredService<IModelRegistry>(),
                sp.GetRequiredService<IReferenceProfileStore>(),
                sp.GetService<IRetrainingHook>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>(),
                sp.GetRequiredService<MonitoringTelemetry>(),
                inFleet ? sp.GetRequiredService<IFleetStore>() : null,
                inFleet ? sp.GetRequiredService<IOptions<FleetOptions>>().Value : null);
        });
        services.AddHostedService<ModelMonitorService>();
        return services;
    }

    /// <summary>
    /// Makes the monitor of <see cref="AddModelMonitoring"/> take part in a fleet: with the default
    /// <see cref="FleetRole.ServingAndCoordinating"/> role this host routes by the fleet's plan, flushes what it serves
    /// every <see cref="FleetOptions.FlushInterval"/>, and stands as the model's coordinator candidate. The options,
    /// the store included, are validated at start-up.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddModelMonitoring(o => { o.ModelName = "fraud"; o.FeatureNames = ["amount", "age"]; })
    ///         .AddModelMonitoringFleet(f => f.UsePostgreSql(connectionString));
    /// </code>
    /// </example>
    /// <param name="services">The service collection, on which <see cref="AddModelMonitoring"/> was called.</param>
    /// <param name="configure">Sets the store (<c>UsePostgreSql</c>, <see cref="FleetOptions.UseStore"/>), the role and the intervals.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException"><see cref="AddModelMonitoring"/> was not called first, or this was already called.</exception>
    public static IServiceCollection AddModelMonitoringFleet(this IServiceCollection services, Action<FleetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (!services.Any(d => d.ServiceType == typeof(ModelMonitor)))
        {
            throw new InvalidOperationException("Call AddModelMonitoring before AddModelMonitoringFleet: the fleet is the monitor's.");
        }

        if (services.Any(d => d.ServiceType == typeof(FleetRegistration)))
        {
            throw new InvalidOperationException("AddModelMonitoringFleet was already called on this service collection: a monitor belongs to one fleet.");
        }

        services.AddOptions<FleetOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<FleetOptions>>().Value.StoreFactory!(sp));
        services.AddSingleton<FleetRegistration>();
        return services;
    }

    /// <summary>Adds a health check that reports the model monitor's last verdict, its reasons, and its numbers as data;
    /// a verdict older than two check intervals reports <paramref name="failureStatus"/> as stale.</summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name; default <c>model-monitor</c>.</param>
    /// <param name="failureStatus">The status reported for <see cref="MonitoringHealth.Unhealthy"/>; default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by; none by default.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">The builder is null.</exception>
    public static IHealthChecksBuilder AddModelMonitorCheck(this IHealthChecksBuilder builder, string name = "model-monitor", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, sp => new ModelMonitorHealthCheck(sp.GetRequiredService<ModelMonitor>(), sp.GetService<TimeProvider>() ?? TimeProvider.System), failureStatus, tags));
    }
}
