using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>Validates a feature set's Redis store options at start-up: the options themselves, and that there is a connection to use.</summary>
internal sealed class RedisOnlineFeatureStoreOptionsValidator(IServiceProviderIsService services) : IValidateOptions<RedisOnlineFeatureStoreOptions>
{
    private readonly Checks checks = new();

    public ValidateOptionsResult Validate(string? name, RedisOnlineFeatureStoreOptions options)
    {
        ValidateOptionsResult own = checks.Validate(name, options);
        if (own.Failed)
        {
            return own;
        }

        return options.Configuration is null && !services.IsService(typeof(IConnectionMultiplexer))
            ? ValidateOptionsResult.Fail($"{nameof(RedisOnlineFeatureStoreOptions)} '{name}': Configuration is not set and no IConnectionMultiplexer is registered; set Configuration (\"host:port\") or register a connection.")
            : ValidateOptionsResult.Success;
    }

    private sealed class Checks : ArgumentOptionsValidator<RedisOnlineFeatureStoreOptions>
    {
        protected override void Check(RedisOnlineFeatureStoreOptions options) => options.Validate();
    }
}
