using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlSystems.Features;

/// <summary>Registers feature pipelines with a host's service collection.</summary>
public static class FeatureServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="FeatureEngine{TEvent}"/> for <paramref name="features"/> (a singleton, also keyed by the feature set's
    /// name) and an in-memory <see cref="IOnlineFeatureStore"/> keyed by the same name, which releases vectors after the
    /// engine's <see cref="FeatureEngineOptions.EntityTimeToLive"/> on the registered <see cref="TimeProvider"/>, with
    /// metrics under the meter <c>MlSystems.Features</c> (<c>mlsystems.features.events</c> by outcome,
    /// <c>.missing_values</c>, <c>.entities.released</c>, <c>.store.reads</c> by status, <c>.store.expired</c>) and logs. Requires <c>IMeterFactory</c> (<c>services.AddMetrics()</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="features">The feature definition.</param>
    /// <param name="configure">Event-time options (named options under the feature set's name, validated when the host starts); the defaults when null.</param>
    /// <returns>A builder naming what was registered, for <c>UseRedis</c> and similar extensions.</returns>
    /// <remarks>Invalid options fail the host at start (<see cref="OptionsValidationException"/> naming the option), or the first resolution of the engine outside a host.</remarks>
    public static FeatureServicesBuilder AddFeatures<TEvent>(this IServiceCollection services, FeatureSet<TEvent> features, Action<FeatureEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(features);
        OptionsBuilder<FeatureEngineOptions> options = services.AddOptions<FeatureEngineOptions>(features.Name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeatureEngineOptions>, FeatureEngineOptionsValidator>());

        // One per feature set (not deduplicated by type: two sets may share an event type).
        services.AddSingleton<IValidateOptions<FeatureEngineOptions>>(new FeatureSetOptionsValidator<TEvent>(features));
        services.TryAddSingleton<FeatureTelemetry>();
        services.AddKeyedSingleton(features.Name, (sp, _) => new FeatureEngine<TEvent>(
            features,
            sp.GetRequiredService<IOptionsMonitor<FeatureEngineOptions>>().Get(features.Name),
            sp.GetRequiredService<FeatureTelemetry>(),
            sp.GetService<ILogger<FeatureEngine<TEvent>>>()));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<FeatureEngine<TEvent>>(features.Name));
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton<IOnlineFeatureStore>(features.Name, (sp, _) => new InMemoryOnlineFeatureStore(
            features.Width,
            features.Name,
            sp.GetRequiredService<FeatureTelemetry>(),
            sp.GetRequiredService<IOptionsMonitor<FeatureEngineOptions>>().Get(features.Name).EntityTimeToLive,
            sp.GetRequiredService<TimeProvider>()));
        return new FeatureServicesBuilder(services, features.Schema);
    }
}
