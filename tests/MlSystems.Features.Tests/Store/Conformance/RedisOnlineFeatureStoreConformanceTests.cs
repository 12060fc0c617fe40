using MlSystems.Features.Redis;

namespace MlSystems.Features.Tests.Store.Conformance;

/// <summary>
/// The conformance suite against <see cref="RedisOnlineFeatureStore"/> on the test server (<c>MLSYSTEMS_REDIS</c>), each
/// store under a key prefix of its own, a small batch size so batches split into several pipelined calls.
/// </summary>
public sealed class RedisOnlineFeatureStoreConformanceTests : OnlineFeatureStoreConformance
{
    protected override DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override IOnlineFeatureStore Create(FeatureVectorSchema schema, TimeSpan? timeToLive = null) =>
        new RedisOnlineFeatureStore(RedisServer.Connect(), schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = RedisServer.FreshPrefix(), TimeToLive = timeToLive, BatchSize = 100 });
}
