using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>Validates a feature set's Redis stream options at start-up: the options themselves, and that there is a connection to use.</summary>
internal sealed class RedisFeatureStreamOptionsValidator(IServiceProviderIsService services) : IValidateOptions<RedisFeatureStreamOptions>
{
    private readonly Checks checks = new();

    public ValidateOptionsResult Validate(string? name, RedisFeatureStreamOptions options)
    {
        ValidateOptionsResult own = checks.Validate(name, options);
        if (own.Failed)
        {
            return own;
        }

        return options.Configuration is null && !services.IsService(typeof(IConnectionMultiplexer))
            ? ValidateOptionsResult.Fail($"{nameof(RedisFeatureStreamOptions)} '{name}': Configuration is not set and no IConnectionMultiplexer is registered; set Configuration (\"host:port\") or register a connection.")
            : ValidateOptionsResult.Success;
    }

    private sealed class Checks : ArgumentOptionsValidator<RedisFeatureStreamOptions>
    {
        protected override void Check(RedisFeatureStreamOptions options) => options.Validate();
    }
}
