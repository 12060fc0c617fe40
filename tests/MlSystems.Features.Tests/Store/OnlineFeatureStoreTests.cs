using Microsoft.Extensions.Time.Testing;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Store;

[Collection(MemorySoak.Name)]
public sealed class OnlineFeatureStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Writes_are_guarded_by_event_time_and_reads_report_freshness()
    {
        var store = new InMemoryOnlineFeatureStore(3);
        Assert.Equal(FeatureWriteOutcome.Written, store.Write("card-1", T0, [1, 2, 3]));
        Assert.Equal(FeatureWriteOutcome.Written, store.Write("card-1", T0.AddSeconds(10), [4, 5, 6]));

        // A late or replayed write never overwrites newer data.
        Assert.Equal(FeatureWriteOutcome.Ignored, store.Write("card-1", T0.AddSeconds(5), [7, 8, 9]));
        Assert.Equal(FeatureWriteOutcome.Ignored, store.Write("card-1", T0.AddSeconds(10), [7, 8, 9]));

        double[] v = new double[3];
        Assert.Equal(FeatureReadStatus.Fresh, store.Read("card-1", v, T0.AddMinutes(1), TimeSpan.FromMinutes(5)));
        Assert.Equal([4.0, 5, 6], v);
        Assert.Equal(FeatureReadStatus.Stale, store.Read("card-1", v, T0.AddHours(1), TimeSpan.FromMinutes(5)));
        Assert.Equal(FeatureReadStatus.Missing, store.Read("card-2", v, T0, TimeSpan.FromMinutes(5)));
        Assert.Equal(new OnlineFeatureStoreCounters(3, 2, 2, 1, 1, 0), store.Counters);
    }

    [Fact]
    public void Concurrent_writers_leave_the_newest_vector()
    {
        var store = new InMemoryOnlineFeatureStore(1);
        Parallel.For(0, 10_000, i => store.Write("e", T0.AddTicks(i), [i]));
        double[] v = new double[1];
        store.Read("e", v, T0, TimeSpan.MaxValue);
        Assert.Equal(9_999, v[0]);
    }

    [Fact]
    public void Reads_allocate_nothing()
    {
        var store = new InMemoryOnlineFeatureStore(16);
        store.Write("card-1", T0, new double[16]);
        double[] v = new double[16];
        store.Read("card-1", v, T0, TimeSpan.FromMinutes(1));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            store.Read("card-1", v, T0, TimeSpan.FromMinutes(1));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Vectors_past_the_time_to_live_read_as_missing_and_are_released()
    {
        var clock = new FakeTimeProvider(T0);
        var store = new InMemoryOnlineFeatureStore(1, TimeSpan.FromHours(1), clock);
        store.Write("old", T0, [1]);
        store.Write("new", T0.AddMinutes(30), [2]);
        double[] v = new double[1];

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(FeatureReadStatus.Fresh, store.Read("old", v, clock.GetUtcNow(), TimeSpan.FromHours(2)));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(FeatureReadStatus.Missing, store.Read("old", v, clock.GetUtcNow(), TimeSpan.FromHours(2)));
        Assert.Equal(1, store.Count);

        // Once released, an entity takes any write that is itself within the time to live.
        store.Write("late", T0.AddMinutes(40), [3]);
        Assert.Equal(FeatureWriteOutcome.Written, store.Write("old", T0.AddMinutes(20), [4]));

        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(2, store.RemoveExpired());
        Assert.Equal(1, store.Count);
        Assert.Equal(3, store.Counters.Expired);
        Assert.Equal(0, new InMemoryOnlineFeatureStore(1).RemoveExpired());
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryOnlineFeatureStore(1, TimeSpan.Zero));
    }

    [Fact]
    public void Memory_stays_flat_through_ten_million_distinct_entities()
    {
        // A write a millisecond apart, kept a minute: about 60,000 vectors are alive at any moment.
        var clock = new FakeTimeProvider(T0);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new InMemoryOnlineFeatureStore(4, TimeSpan.FromMinutes(1), clock);
        double[] vector = [1, 2, 3, 4];
        const int Total = 10_000_000;
        long afterWarmUp = 0;
        for (int i = 0; i < Total; i++)
        {
            store.Write($"u{i}", clock.GetUtcNow(), vector);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            if (i == 1_000_000)
            {
                afterWarmUp = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        long atEnd = GC.GetTotalMemory(forceFullCollection: true);
        Assert.InRange(store.Count, 60_000, 200_000);
        Assert.Equal(Total, store.Count + store.Counters.Expired);
        long heldAfterWarmUp = afterWarmUp - before, heldAtEnd = atEnd - before;
        Assert.True(heldAtEnd < heldAfterWarmUp * 1.25, $"{heldAfterWarmUp:N0} bytes held after 1M entities, {heldAtEnd:N0} after 10M");
        GC.KeepAlive(store);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        var store = new InMemoryOnlineFeatureStore(2);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => store.Write("e", T0, [1])).ParamName);
        Assert.Equal("entity", Assert.Throws<ArgumentException>(() => store.Write("", T0, [1, 2])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => store.Read("e", new double[1], T0, TimeSpan.Zero)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Read("e", new double[2], T0, TimeSpan.FromSeconds(-1)));
    }
}
