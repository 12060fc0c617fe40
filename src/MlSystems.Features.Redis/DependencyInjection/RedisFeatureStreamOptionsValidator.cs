using Microsoft.Extensions.DependencyInjection;

namespace MlSystems.Features.Redis;

/// <summary>Validates a feature set's Redis stream options at start-up: the options themselves, and that there is a connection to use.</summary>
internal sealed class RedisFeatureStreamOptionsValidator(IServiceProviderIsService services) : RedisConnectionOptionsValidator<RedisFeatureStreamOptions>(services)
{
    protected override void Check(RedisFeatureStreamOptions options) => options.Validate();

    protected override string? ConfigurationOf(RedisFeatureStreamOptions options) => options.Configuration;
}
