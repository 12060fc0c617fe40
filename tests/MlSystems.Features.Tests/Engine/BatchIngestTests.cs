using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Engine;

/// <summary>Batched ingest is the per-event ingest, faster: same outcomes, same counters, same bits.</summary>
public sealed class BatchIngestTests
{
    [Property(MaxTest = 40)]
    public Property Batches_of_any_size_give_the_outcomes_and_bits_of_one_event_at_a_time(PositiveInt seed) =>
        Prop.ForAll(Gen.Choose(1, 3_000).ToArbitrary(), batchSize =>
        {
            FeatureSet<Payment> features = Payments.Features(FeatureWindow.Sliding(TimeSpan.FromMinutes(20)));
            var options = new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(2), EventId = e => ((Payment)e).Id };
            Payment[] events = Shuffled(Payments.Random(seed.Get, 3_000, cards: 2_000, spreadMinutes: 600), seed.Get);

            var single = new FeatureEngine<Payment>(features, options);
            IngestOutcome[] expected = [.. events.Select(single.Ingest)];

            var batched = new FeatureEngine<Payment>(features, options);
            var outcomes = new IngestOutcome[events.Length];
            for (int start = 0; start < events.Length; start += batchSize)
            {
                int length = Math.Min(batchSize, events.Length - start);
                batched.Ingest(events.AsSpan(start, length), outcomes.AsSpan(start, length));
            }

            double[] a = new double[features.Width], b = new double[features.Width];
            bool sameVectors = events.All(e =>
            {
                Payment later = e with { Time = e.Time.AddMinutes(5) };
                single.Compute(later, a);
                batched.Compute(later, b);
                return a.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b.Select(BitConverter.DoubleToInt64Bits));
            });
            return expected.SequenceEqual(outcomes) && single.Counters == batched.Counters && sameVectors;
        });

    [Fact]
    public void A_batch_stops_at_an_event_without_a_key_after_ingesting_the_ones_before()
    {
        FeatureSet<Payment> features = Payments.Features();
        var engine = new FeatureEngine<Payment>(features);
        Payment[] events = [.. Payments.Random(seed: 3, count: 2_500)];
        events[1_700] = events[1_700] with { Card = "" };

        var error = Assert.Throws<ArgumentException>(() => engine.Ingest(events));
        Assert.Equal("events", error.ParamName);
        Assert.Contains("Event 1700 of the batch has no entity key", error.Message, StringComparison.Ordinal);
        Assert.Equal(1_700, engine.Counters.Events);

        events[1_700] = events[1_700] with { Card = null! };
        var fresh = new FeatureEngine<Payment>(features);
        Assert.Contains("Event 1700", Assert.Throws<ArgumentException>(() => fresh.Ingest(events)).Message, StringComparison.Ordinal);
        Assert.Equal(1_700, fresh.Counters.Events);
    }

    [Fact]
    public void A_throwing_selector_leaves_the_events_before_it_ingested()
    {
        FeatureSet<Payment> features = new FeatureSetBuilder<Payment>("throwing", p => p.Card, p => p.Time)
            .Window("sum", p => p.Amount < 0 ? throw new InvalidOperationException("negative amount") : p.Amount, Aggregation.Sum, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
            .Build();
        var engine = new FeatureEngine<Payment>(features);
        Payment[] events = [.. Payments.Random(seed: 4, count: 1_500)];
        events[1_234] = events[1_234] with { Amount = -1 };

        Assert.Equal("negative amount", Assert.Throws<InvalidOperationException>(() => engine.Ingest(events)).Message);
        Assert.Equal(1_234, engine.Counters.Events);
    }

    [Fact]
    public void Warm_ingest_and_compute_allocate_nothing()
    {
        FeatureSet<Payment> features = new FeatureSetBuilder<Payment>("warm", p => p.Card, p => p.Time)
            .Row("amount", p => p.Amount)
            .Window("sum", p => p.Amount, Aggregation.Sum, FeatureWindow.Sliding(TimeSpan.FromMinutes(30)))
            .Window("max", p => p.Amount, Aggregation.Max, FeatureWindow.Sliding(TimeSpan.FromMinutes(30)))
            .Window("mean_tumbling", p => p.Amount, Aggregation.Mean, FeatureWindow.Tumbling(TimeSpan.FromMinutes(10)))
            .Build();
        var engine = new FeatureEngine<Payment>(features);
        Payment[] day = Payments.Random(seed: 8, count: 5_000, cards: 500, spreadMinutes: 1_440);
        Payment[] nextDay = [.. day.Select(p => p with { Time = p.Time.AddDays(1) })];
        engine.Ingest(day);
        double[] v = new double[features.Width];

        long before = GC.GetAllocatedBytesForCurrentThread();
        engine.Ingest(nextDay);
        engine.Ingest(nextDay[^1]);
        for (int i = 0; i < 1_000; i++)
        {
            engine.Compute(nextDay[i], v);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Outcomes_must_have_room_for_every_event()
    {
        var engine = new FeatureEngine<Payment>(Payments.Features());
        Payment[] events = Payments.Random(seed: 5, count: 10);
        Assert.Equal("outcomes", Assert.Throws<ArgumentException>(() => engine.Ingest(events, new IngestOutcome[9])).ParamName);
        Assert.Equal(0, engine.Counters.Events);
        engine.Ingest([]);
        Assert.Equal(0, engine.Counters.Events);
    }

    [Fact]
    public async Task Concurrent_batches_over_disjoint_entities_equal_one_sequential_run()
    {
        FeatureSet<Payment> features = Payments.Features(FeatureWindow.Sliding(TimeSpan.FromMinutes(45)));
        Payment[] events = Payments.Random(seed: 6, count: 40_000, cards: 20_000, spreadMinutes: 1_440);
        var sequential = new FeatureEngine<Payment>(features);
        sequential.Ingest(events);

        // Four writers, each owning a quarter of the cards (so each card's events stay in order), and a reader.
        var concurrent = new FeatureEngine<Payment>(features);
        Payment[][] parts = [.. events.GroupBy(e => e.Card.GetHashCode(StringComparison.Ordinal) & 3).Select(g => g.ToArray())];
        using var done = new CancellationTokenSource();
        Task reader = Task.Run(() =>
        {
            double[] v = new double[features.Width];
            while (!done.IsCancellationRequested)
            {
                foreach (Payment e in events.Take(500))
                {
                    concurrent.Compute(e, v);
                }
            }
        });
        Parallel.ForEach(parts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, part =>
        {
            for (int start = 0; start < part.Length; start += 777)
            {
                concurrent.Ingest(part.AsSpan(start, Math.Min(777, part.Length - start)));
            }
        });
        await done.CancelAsync();
        await reader;

        Assert.Equal(sequential.Counters, concurrent.Counters);
        Assert.InRange(concurrent.Counters.Entities, 15_000, 20_000);
        double[] a = new double[features.Width], b = new double[features.Width];
        Assert.All(events.Where((_, i) => i % 7 == 0), e =>
        {
            Payment later = e with { Time = e.Time.AddMinutes(10) };
            sequential.Compute(later, a);
            concurrent.Compute(later, b);
            Assert.Equal(a, b);
        });
    }

    private static Payment[] Shuffled(Payment[] events, int seed)
    {
        // Mostly in order, a few swapped with a neighbour up to 20 places on: late and out-of-order arrivals.
        var random = new Random(seed);
        Payment[] copy = [.. events];
        for (int i = 0; i < copy.Length; i++)
        {
            if (random.Next(10) == 0)
            {
                int j = Math.Min(copy.Length - 1, i + random.Next(1, 20));
                (copy[i], copy[j]) = (copy[j], copy[i]);
            }
        }

        // A replayed event: the id check must see it in either execution.
        copy[^1] = copy[0];
        return copy;
    }
}
