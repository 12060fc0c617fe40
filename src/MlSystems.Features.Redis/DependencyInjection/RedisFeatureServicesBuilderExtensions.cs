using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>Puts a feature set's online store on Redis.</summary>
public static class RedisFeatureServicesBuilderExtensions
{
    /// <summary>
    /// Replaces the feature set's in-memory online store (the <see cref="IOnlineFeatureStore"/> keyed by its name) with a
    /// <see cref="RedisOnlineFeatureStore"/>, so every replica reads the vectors every pipeline writes:
    /// <c>services.AddFeatures(payments).UseRedis(o =&gt; o.Configuration = "localhost:6379")</c>.
    /// </summary>
    /// <param name="builder">What <c>AddFeatures</c> registered.</param>
    /// <param name="configure">The store's options (named options under the feature set's name, validated when the host starts).
    /// <see cref="RedisOnlineFeatureStoreOptions.TimeToLive"/> left null takes the engine's <see cref="FeatureEngineOptions.EntityTimeToLive"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// With <see cref="RedisOnlineFeatureStoreOptions.Configuration"/> set, the store opens its own connection on first
    /// use and the container disposes it; without, it uses the <see cref="IConnectionMultiplexer"/> registered in the
    /// container, which the host owns. Options that are invalid, or name no connection, fail the host at start
    /// (<see cref="OptionsValidationException"/>).
    /// </remarks>
    public static FeatureServicesBuilder UseRedis(this FeatureServicesBuilder builder, Action<RedisOnlineFeatureStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string name = builder.Name;
        FeatureVectorSchema schema = builder.Schema;
        IServiceCollection services = builder.Services;
        OptionsBuilder<RedisOnlineFeatureStoreOptions> options = services.AddOptions<RedisOnlineFeatureStoreOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IOptionsMonitor<FeatureEngineOptions>>((o, engine) => o.TimeToLive ??= engine.Get(name).EntityTimeToLive);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOnlineFeatureStoreOptions>, RedisOnlineFeatureStoreOptionsValidator>());

        string connectionKey = $"MlSystems.Features.Redis:{name}";
        // Only a connection the registration opened is the container's to dispose; the host's own is left alone.
        services.AddKeyedSingleton(connectionKey, (sp, _) => new OwnedRedisConnection(sp.GetRequiredService<IOptionsMonitor<RedisOnlineFeatureStoreOptions>>().Get(name).Configuration!));
        services.RemoveAllKeyed<IOnlineFeatureStore>(name);
        services.AddKeyedSingleton<IOnlineFeatureStore>(name, (sp, _) =>
        {
            RedisOnlineFeatureStoreOptions settings = sp.GetRequiredService<IOptionsMonitor<RedisOnlineFeatureStoreOptions>>().Get(name);
            IConnectionMultiplexer connection = settings.Configuration is null
                ? sp.GetRequiredService<IConnectionMultiplexer>()
                : sp.GetRequiredKeyedService<OwnedRedisConnection>(connectionKey).Connection;
            return new RedisOnlineFeatureStore(connection, schema, settings, sp.GetRequiredService<FeatureTelemetry>());
        });
        return builder;
    }
}
