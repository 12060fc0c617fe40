using FsCheck;
using FsCheck.Xunit;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Engine;

/// <summary>
/// <see cref="FeatureEngineOptions.EntityTimeToLive"/>: entities not seen for the time to live are released (counted), no
/// window feature changes because of it, and memory stays flat however many distinct entities pass through.
/// </summary>
[Collection(MemorySoak.Name)]
public sealed class EntityTimeToLiveTests
{
    private static readonly FeatureWindow Sliding = FeatureWindow.Sliding(TimeSpan.FromMinutes(10));
    private static readonly FeatureWindow Hopping = FeatureWindow.Hopping(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10));

    private static readonly FeatureSet<Payment> Windowed = new FeatureSetBuilder<Payment>("ttl", p => p.Card, p => p.Time)
        .Window("sum_10m", p => p.Amount, Aggregation.Sum, Sliding)
        .Window("max_10m", p => p.Amount, Aggregation.Max, Sliding)
        .Window("count_30m_hopping", p => p.Amount, Aggregation.Count, Hopping)
        .DistinctCount("countries_30m", p => p.Country, Hopping)
        .Build();

    [Fact]
    public void A_time_to_live_shorter_than_a_window_is_refused_naming_the_feature()
    {
        var tooShort = new FeatureEngineOptions { EntityTimeToLive = TimeSpan.FromMinutes(30) };
        ArgumentException error = Assert.Throws<ArgumentException>(() => new FeatureEngine<Payment>(Windowed, tooShort));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("count_30m_hopping", error.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new FeatureEngine<Payment>(Windowed, new FeatureEngineOptions { EntityTimeToLive = TimeSpan.Zero }));
        _ = new FeatureEngine<Payment>(Windowed, new FeatureEngineOptions { EntityTimeToLive = TimeSpan.FromMinutes(40) });
    }

    [Fact]
    public void An_entity_past_its_time_to_live_reads_and_ingests_as_new_and_forgets_its_last_values()
    {
        FeatureSet<Payment> features = new FeatureSetBuilder<Payment>("last", p => p.Card, p => p.Time)
            .Window("count_10m", p => p.Amount, Aggregation.Count, Sliding)
            .LastValues("last", p => p.Amount, 2, emptyValue: -1)
            .Build();
        var engine = new FeatureEngine<Payment>(features, new FeatureEngineOptions { EntityTimeToLive = TimeSpan.FromHours(1) });
        engine.Ingest(new Payment("c", Payments.Start, 10));
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(1), 20));
        double[] v = new double[features.Width];

        engine.Compute(new Payment("c", Payments.Start.AddMinutes(59), 0), v);
        Assert.Equal([0, 20, 10], v);

        // An hour after its newest event the entity has expired, swept or not.
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(61), 0), v);
        Assert.Equal([0, -1, -1], v);

        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(90), 30));
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(91), 0), v);
        Assert.Equal([1, 30, -1], v);
    }

    [Property(MaxTest = 15)]
    public void Window_features_are_the_same_with_and_without_a_time_to_live(PositiveInt seed)
    {
        // Many short-lived cards over two days: shards fill, sweep and reuse entity numbers throughout.
        var random = new Random(seed.Get);
        Payment[] events = [.. Enumerable.Range(0, 6_000)
            .Select(i => new Payment($"card-{(i / 3) + random.Next(40)}", Payments.Start.AddSeconds(i * 30 + random.Next(60)), random.Next(1, 500), random.Next(3) == 0 ? "FR" : "DE"))
            .OrderBy(p => p.Time)];
        var kept = new FeatureEngine<Payment>(Windowed);
        var released = new FeatureEngine<Payment>(Windowed, new FeatureEngineOptions { EntityTimeToLive = TimeSpan.FromMinutes(40) });
        double[] expected = new double[Windowed.Width], actual = new double[Windowed.Width];
        foreach (Payment p in events)
        {
            Assert.Equal(kept.Compute(p, expected), released.Compute(p, actual));
            Assert.Equal(expected, actual);
            Assert.Equal(kept.Ingest(p), released.Ingest(p));
        }

        FeatureEngineCounters counters = released.Counters;
        Assert.True(counters.Released > 0, "no entity was released");
        // A card seen again after its release is counted once released and once held.
        Assert.InRange(kept.Counters.Entities, counters.Entities, counters.Entities + counters.Released);
    }

    [Fact]
    public void Memory_stays_flat_through_ten_million_distinct_entities()
    {
        // Each entity is seen once, 20 ms apart: about 60,000 fall within the time to live and the lateness at any moment.
        FeatureSet<Payment> features = new FeatureSetBuilder<Payment>("soak", p => p.Card, p => p.Time)
            .Window("sum_10m", p => p.Amount, Aggregation.Sum, Sliding)
            .Window("max_10m", p => p.Amount, Aggregation.Max, Sliding)
            .Build();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var engine = new FeatureEngine<Payment>(features, new FeatureEngineOptions { EntityTimeToLive = TimeSpan.FromMinutes(15) });
        const int Batch = 4_096, Total = Batch * 2_442; // just over ten million
        var batch = new Payment[Batch];
        long afterWarmUp = 0;
        for (int start = 0; start < Total; start += Batch)
        {
            for (int i = 0; i < Batch; i++)
            {
                batch[i] = new Payment($"u{start + i}", Payments.Start.AddMilliseconds((start + i) * 20L), 1);
            }

            engine.Ingest(batch);
            if (start == Batch * 256)
            {
                afterWarmUp = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        long atEnd = GC.GetTotalMemory(forceFullCollection: true);
        FeatureEngineCounters counters = engine.Counters;
        Assert.Equal(Total, counters.Events);
        Assert.Equal(Total, counters.Entities + counters.Released);
        Assert.InRange(counters.Entities, 60_000, 120_000);
        // What the engine holds, not the process: the figure at the end would hide growth behind the test host's own heap.
        long heldAfterWarmUp = afterWarmUp - before, heldAtEnd = atEnd - before;
        Assert.True(heldAtEnd < heldAfterWarmUp * 1.25, $"{heldAfterWarmUp:N0} bytes held after 1M entities, {heldAtEnd:N0} after 10M");
        GC.KeepAlive(engine);
    }
}
