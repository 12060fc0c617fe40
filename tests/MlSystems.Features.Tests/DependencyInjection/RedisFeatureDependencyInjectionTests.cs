using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using MlSystems.Features.Redis;
using MlSystems.Features.Tests.Support;
using StackExchange.Redis;

namespace MlSystems.Features.Tests.DependencyInjection;

public sealed class RedisFeatureDependencyInjectionTests
{
    [SkippableFact]
    public async Task UseRedis_replaces_the_in_memory_store_and_takes_the_engines_time_to_live()
    {
        string prefix = RedisServer.FreshPrefix();
        FeatureSet<Payment> features = Payments.Features();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddFeatures(features, o => o.EntityTimeToLive = TimeSpan.FromHours(2))
            .UseRedis(o => (o.Configuration, o.KeyPrefix) = (RedisServer.Require(), prefix));
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            using var reads = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "MlSystems.Features", "mlsystems.features.store.reads");
            var store = Assert.IsType<RedisOnlineFeatureStore>(provider.GetRequiredKeyedService<IOnlineFeatureStore>("payments"));
            Assert.Same(features.Schema, store.Schema);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            await store.WriteAsync("card", now, new double[features.Width]);
            Assert.Equal(FeatureReadStatus.Fresh, await store.ReadAsync("card", new double[features.Width], now, TimeSpan.FromMinutes(1)));
            Assert.Equal(["fresh"], reads.GetMeasurementSnapshot().Select(m => (string?)m.Tags["status"]));
            DateTime? expiry = await RedisServer.Connect().GetDatabase().KeyExpireTimeAsync(store.KeyOf("card"));
            Assert.Equal((now + TimeSpan.FromHours(2)).ToUnixTimeMilliseconds(), new DateTimeOffset(expiry!.Value, TimeSpan.Zero).ToUnixTimeMilliseconds());
        }
    }

    [SkippableFact]
    public async Task A_connection_the_host_registered_is_used_and_left_open()
    {
        using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(RedisServer.Configuration());
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<IConnectionMultiplexer>(connection);
        services.AddFeatures(Payments.Features()).UseRedis(o => o.KeyPrefix = RedisServer.FreshPrefix());
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            Assert.IsType<RedisOnlineFeatureStore>(provider.GetRequiredKeyedService<IOnlineFeatureStore>("payments"));
        }

        Assert.True(connection.IsConnected);
    }

    [Fact]
    public void Options_that_name_no_connection_or_a_bad_value_fail_naming_the_feature_set_and_the_option()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddFeatures(Payments.Features()).UseRedis();
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IOnlineFeatureStore>("payments"));
            Assert.Contains("RedisOnlineFeatureStoreOptions 'payments': Configuration is not set and no IConnectionMultiplexer is registered", error.Message, StringComparison.Ordinal);
        }

        services = new ServiceCollection();
        services.AddMetrics();
        services.AddFeatures(Payments.Features()).UseRedis(o => (o.Configuration, o.BatchSize) = ("127.0.0.1:1", 0));
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IOnlineFeatureStore>("payments"));
            Assert.Contains("RedisOnlineFeatureStoreOptions 'payments': BatchSize must be 1 to 10000 (0)", error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => new RedisOnlineFeatureStoreOptions { KeyPrefix = "" }.Validate());
        Assert.Throws<ArgumentException>(() => new RedisOnlineFeatureStoreOptions { TimeToLive = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentException>(() => new RedisOnlineFeatureStoreOptions { Database = -2 }.Validate());
    }
}
