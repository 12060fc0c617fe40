using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Features.Tests.Store.Conformance;

/// <summary>The conformance suite against <see cref="InMemoryOnlineFeatureStore"/>, on a fake clock that never moves.</summary>
public sealed class InMemoryOnlineFeatureStoreConformanceTests : OnlineFeatureStoreConformance
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    protected override DateTimeOffset Now => clock.GetUtcNow();

    protected override IOnlineFeatureStore Create(FeatureVectorSchema schema, TimeSpan? timeToLive = null) =>
        timeToLive is TimeSpan ttl ? new InMemoryOnlineFeatureStore(schema.Width, ttl, clock) : new InMemoryOnlineFeatureStore(schema.Width);
}
