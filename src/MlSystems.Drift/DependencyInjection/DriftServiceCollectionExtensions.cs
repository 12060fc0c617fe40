using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlSystems.Drift;

/// <summary>Registers the drift services with a host's service collection.</summary>
public static class DriftServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DriftMonitor"/> with its options (validated at start-up), metrics through
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> and logging. The host must provide <c>IMeterFactory</c>
    /// (<c>services.AddMetrics()</c>, which hosts do by default) and logging.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: report defaults, thresholds, custom tests.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddDriftDetection(this IServiceCollection services, Action<DriftDetectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DriftDetectionOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DriftDetectionOptions>, DriftDetectionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DriftTelemetry>();
        services.TryAddSingleton(sp => new DriftMonitor(
            sp.GetRequiredService<IOptions<DriftDetectionOptions>>(),
            sp.GetRequiredService<DriftTelemetry>(),
            sp.GetService<ILogger<DriftMonitor>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<DriftMonitor>.Instance,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
