using System.Diagnostics.CodeAnalysis;
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
    /// registered <see cref="ICanaryPromoter"/> is given to every canary. A plan's <see cref="CanaryOptions.GateNames"/> are
    /// resolved as keyed <see cref="ICanaryGate"/> services (see <see cref="AddCanaryGate{TGate}"/>; the built-ins are
    /// registered under <see cref="CanaryGateNames"/>); a name not registered fails start-up.
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
                WithNamedGates(sp, sp.GetRequiredService<IOptions<RolloutOptions>>().Value.Canaries[canary]),
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

        // TryAdd: a host's own gate under a built-in name, registered before or after, wins.
        services.TryAddKeyedSingleton<ICanaryGate>(CanaryGateNames.ErrorRate, (_, _) => new ErrorRateGate());
        services.TryAddKeyedSingleton<ICanaryGate>(CanaryGateNames.Latency, (_, _) => new LatencyGate());
        services.TryAddKeyedSingleton<ICanaryGate>(CanaryGateNames.PredictionDrift, (_, _) => new PredictionDriftGate());
        services.TryAddKeyedSingleton<ICanaryGate>(CanaryGateNames.BusinessMetric, (_, _) => new BusinessMetricGate());
        return services;
    }

    /// <summary>
    /// Registers a canary gate under <paramref name="name"/> as a keyed <see cref="ICanaryGate"/> singleton built by the
    /// container, so its constructor gets its dependencies; a plan names it in <see cref="CanaryOptions.GateNames"/>.
    /// A second registration under one name replaces the first (a built-in of <see cref="CanaryGateNames"/> included).
    /// </summary>
    /// <typeparam name="TGate">The gate; it must not block in <see cref="ICanaryGate.Evaluate"/>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name plans use.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static IServiceCollection AddCanaryGate<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TGate>(this IServiceCollection services, string name)
        where TGate : class, ICanaryGate
    {
        return NamedServices.Replace<ICanaryGate>(services, name, ServiceLifetime.Singleton, sp => ActivatorUtilities.CreateInstance<TGate>(sp));
    }

    /// <summary>Registers a canary gate under <paramref name="name"/> made by <paramref name="factory"/>; see <see cref="AddCanaryGate{TGate}"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name plans use.</param>
    /// <param name="factory">Creates the gate, once, with the container to resolve its dependencies from.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static IServiceCollection AddCanaryGate(this IServiceCollection services, string name, Func<IServiceProvider, ICanaryGate> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return NamedServices.Replace(services, name, ServiceLifetime.Singleton, sp => factory(sp) ?? throw new InvalidOperationException($"The factory of canary gate '{name}' returned null."));
    }

    /// <summary>The plan with its named gates resolved into <see cref="CanaryOptions.Gates"/>.</summary>
    private static CanaryOptions WithNamedGates(IServiceProvider services, CanaryOptions plan)
    {
        CanaryOptions resolved = plan.Clone();
        foreach (string name in plan.GateNames)
        {
            resolved.Gates.Add(services.GetRequiredKeyedService<ICanaryGate>(name));
        }

        resolved.GateNames = [];
        return resolved;
    }
}
