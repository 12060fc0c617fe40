using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>Puts a feature set's event stream and its processors' coordination on Redis.</summary>
public static class RedisFeatureStreamServicesBuilderExtensions
{
    /// <summary>
    /// Registers, under the feature set's name, a <see cref="RedisFeatureEventLog"/> (<see cref="IFeatureEventLog"/>), a
    /// <see cref="RedisPartitionCoordinator"/> (<see cref="IPartitionCoordinator"/>), the codec and a
    /// <see cref="FeatureStreamProducer{TEvent}"/>: what producers need, and what <c>AddStreamProcessor</c> runs on.
    /// </summary>
    /// <typeparam name="TEvent">The feature set's event type.</typeparam>
    /// <param name="builder">What <c>AddFeatures</c> registered.</param>
    /// <param name="codec">How events are written to and read from the stream; the same on every producer and processor.</param>
    /// <param name="configure">The stream's options (named options under the feature set's name, validated when the host starts).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// With <see cref="RedisFeatureStreamOptions.Configuration"/> set, the registration opens its own connection on first
    /// use and the container disposes it; without, it uses the <see cref="IConnectionMultiplexer"/> registered in the
    /// container, which the host owns.
    /// </remarks>
    public static FeatureServicesBuilder UseRedisStreams<TEvent>(this FeatureServicesBuilder builder, IFeatureEventCodec<TEvent> codec, Action<RedisFeatureStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(codec);
        string name = builder.Name;
        IServiceCollection services = builder.Services;
        OptionsBuilder<RedisFeatureStreamOptions> options = services.AddOptions<RedisFeatureStreamOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisFeatureStreamOptions>, RedisFeatureStreamOptionsValidator>());

        string connectionKey = $"MlSystems.Features.Redis.Streams:{name}";
        services.AddKeyedSingleton(connectionKey, (sp, _) => new OwnedRedisConnection(sp.GetRequiredService<IOptionsMonitor<RedisFeatureStreamOptions>>().Get(name).Configuration!));
        IConnectionMultiplexer Connection(IServiceProvider sp, RedisFeatureStreamOptions settings) => settings.Configuration is null
            ? sp.GetRequiredService<IConnectionMultiplexer>()
            : sp.GetRequiredKeyedService<OwnedRedisConnection>(connectionKey).Connection;

        services.AddKeyedSingleton(name, codec);
        services.AddKeyedSingleton<IFeatureEventLog>(name, (sp, _) =>
        {
            RedisFeatureStreamOptions settings = sp.GetRequiredService<IOptionsMonitor<RedisFeatureStreamOptions>>().Get(name);
            return new RedisFeatureEventLog(Connection(sp, settings), name, settings);
        });
        services.AddKeyedSingleton<IPartitionCoordinator>(name, (sp, _) =>
        {
            RedisFeatureStreamOptions settings = sp.GetRequiredService<IOptionsMonitor<RedisFeatureStreamOptions>>().Get(name);
            return new RedisPartitionCoordinator(Connection(sp, settings), name, settings);
        });
        services.AddKeyedSingleton(name, (sp, _) => new FeatureStreamProducer<TEvent>(
            sp.GetRequiredKeyedService<FeatureEngine<TEvent>>(name).Features,
            sp.GetRequiredKeyedService<IFeatureEventLog>(name),
            codec));
        return builder;
    }
}
