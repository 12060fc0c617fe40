namespace MlSystems.Features.Tests.Store;

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
        Assert.Equal(new OnlineFeatureStoreCounters(3, 2, 2, 1, 1), store.Counters);
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
    public void Bad_input_is_rejected()
    {
        var store = new InMemoryOnlineFeatureStore(2);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => store.Write("e", T0, [1])).ParamName);
        Assert.Equal("entity", Assert.Throws<ArgumentException>(() => store.Write("", T0, [1, 2])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => store.Read("e", new double[1], T0, TimeSpan.Zero)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Read("e", new double[2], T0, TimeSpan.FromSeconds(-1)));
    }
}
