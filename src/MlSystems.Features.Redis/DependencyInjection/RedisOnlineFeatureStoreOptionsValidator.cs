using Microsoft.Extensions.DependencyInjection;

namespace MlSystems.Features.Redis;

/// <summary>Validates a feature set's Redis store options at start-up: the options themselves, and that there is a connection to use.</summary>
internal sealed class RedisOnlineFeatureStoreOptionsValidator(IServiceProviderIsService services) : RedisConnectionOptionsValidator<RedisOnlineFeatureStoreOptions>(services)
{
    protected override void Check(RedisOnlineFeatureStoreOptions options) => options.Validate();

    protected override string? ConfigurationOf(RedisOnlineFeatureStoreOptions options) => options.Configuration;
}
