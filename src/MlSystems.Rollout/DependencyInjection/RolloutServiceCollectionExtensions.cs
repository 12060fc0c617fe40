using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlSystems.Rollout;

/// <summary>Registers rollouts with a host's service collection.</summary>
public static class RolloutServiceCollectionExtensions
{
    /// <summary>
    /// Adds the configured canaries as keyed <see cref="CanaryController"/> singletons and the experiments as keyed
    /// <see cref="TrafficRouter"/> singletons, with options validated at start-up, metrics through
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (meter <c>MlSystems.Rollout</c>) and logging. Time comes
    /// from the registered <see cref="TimeProvider"/> (the system clock unless the host registered another); a
    /// registered <see cref="ICanaryPromoter"/> is given to every canary.
    /// </summary>
    /// <param name="services">The service collection; it must provide <c>IMeterFactory</c> (<c>services.AddMetrics()</c>).</param>
    /// <param name="configure">Adds canaries and experiments.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddRollout(this IServiceCollection services, Action<RolloutOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        // The names are needed now, to register one keyed service each; the options themselves are validated on start.
        var names = new RolloutOptions();
        configure(names);
        services.AddOptions<RolloutOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RolloutOptions>, RolloutOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RolloutTelemetry>();
        foreach (string canary in names.Canaries.Keys)
        {
            services.AddKeyedSingleton(canary, (sp, _) => new CanaryController(
                sp.GetRequiredService<IOptions<RolloutOptions>>().Value.Canaries[canary],
                sp.GetService<ICanaryPromoter>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<CanaryController>>(),
                sp.GetRequiredService<RolloutTelemetry>()));
        }

        foreach (string experiment in names.Experiments.Keys)
        {
            services.AddKeyedSingleton(experiment, (sp, _) =>
            {
                RolloutOptions options = sp.GetRequiredService<IOptions<RolloutOptions>>().Value;
                return new TrafficRouter(experiment, [.. options.Experiments[experiment]], options.ExperimentHash);
            });
        }

        return services;
    }
}
