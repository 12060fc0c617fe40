using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlSystems.Features;

/// <summary>Runs a feature set's stream processor as a hosted service.</summary>
public static class FeatureStreamServicesBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="FeatureStreamProcessor{TEvent}"/> for the feature set as a hosted service, writing the
    /// feature set's online store: <c>services.AddFeatures(payments).UseRedis(…).UseRedisStreams(codec, …).AddStreamProcessor()</c>.
    /// </summary>
    /// <typeparam name="TEvent">The feature set's event type.</typeparam>
    /// <param name="builder">What <c>AddFeatures</c> registered.</param>
    /// <param name="configure">The processor's options (named options under the feature set's name, validated when the
    /// host starts); <see cref="FeatureStreamProcessorOptions.Engine"/> left null takes the feature set's engine options.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// The transport is what a <c>Use…Streams</c> extension registered under the feature set's name: an
    /// <see cref="IFeatureEventLog"/>, an <see cref="IPartitionCoordinator"/> and an <see cref="IFeatureEventCodec{TEvent}"/>.
    /// The processor is also resolvable by the feature set's name, for its counters.
    /// </remarks>
    public static FeatureServicesBuilder AddStreamProcessor<TEvent>(this FeatureServicesBuilder builder, Action<FeatureStreamProcessorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string name = builder.Name;
        IServiceCollection services = builder.Services;
        OptionsBuilder<FeatureStreamProcessorOptions> options = services.AddOptions<FeatureStreamProcessorOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IOptionsMonitor<FeatureEngineOptions>>((o, engine) => o.Engine ??= engine.Get(name));
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeatureStreamProcessorOptions>, FeatureStreamProcessorOptionsValidator>());
        services.AddKeyedSingleton(name, (sp, _) => new FeatureStreamProcessor<TEvent>(
            sp.GetRequiredKeyedService<FeatureEngine<TEvent>>(name).Features,
            sp.GetRequiredKeyedService<IFeatureEventLog>(name),
            sp.GetRequiredKeyedService<IPartitionCoordinator>(name),
            sp.GetRequiredKeyedService<IOnlineFeatureStore>(name),
            sp.GetRequiredKeyedService<IFeatureEventCodec<TEvent>>(name),
            sp.GetRequiredService<IOptionsMonitor<FeatureStreamProcessorOptions>>().Get(name),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<FeatureStreamProcessor<TEvent>>>(),
            sp.GetRequiredService<FeatureTelemetry>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<FeatureStreamProcessor<TEvent>>(name));
        return builder;
    }
}
