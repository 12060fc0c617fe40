using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>
/// Validates Redis-backed options at start-up: the options' own check, then that there is a connection to use (a
/// configuration string, or an <see cref="IConnectionMultiplexer"/> in the container).
/// </summary>
internal abstract class RedisConnectionOptionsValidator<TOptions>(IServiceProviderIsService services) : ArgumentOptionsValidator<TOptions>, IValidateOptions<TOptions>
    where TOptions : class
{
    ValidateOptionsResult IValidateOptions<TOptions>.Validate(string? name, TOptions options)
    {
        ValidateOptionsResult own = Validate(name, options);
        if (own.Failed)
        {
            return own;
        }

        return ConfigurationOf(options) is null && !services.IsService(typeof(IConnectionMultiplexer))
            ? ValidateOptionsResult.Fail($"{typeof(TOptions).Name} '{name}': Configuration is not set and no IConnectionMultiplexer is registered; set Configuration (\"host:port\") or register a connection.")
            : ValidateOptionsResult.Success;
    }

    /// <summary>The configuration string the options name, or null to use the container's connection.</summary>
    protected abstract string? ConfigurationOf(TOptions options);
}
