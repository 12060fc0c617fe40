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
            IngestOutcome[] outcomes = IngestInBatches(batched, events, batchSize);

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

    [Property(MaxTest = 12)]
    public Property Many_entities_in_batches_equal_the_brute_force_aggregate_of_the_applied_events(PositiveInt seed) =>
        Prop.ForAll(Gen.Choose(1, 5_000).ToArbitrary(), (int batchSize) =>
        {
            // Enough entities that every shard's table and cells grow many times while holding live and spilled windows.
            var window = FeatureWindow.Sliding(TimeSpan.FromMinutes(30));
            FeatureSet<Payment> features = Payments.Features(window);
            var engine = new FeatureEngine<Payment>(features, new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(3), EventId = e => ((Payment)e).Id });
            Payment[] events = Shuffled(Payments.Random(seed.Get, 30_000, cards: 6_000, spreadMinutes: 30), seed.Get);
            IngestOutcome[] outcomes = IngestInBatches(engine, events, batchSize);

            Payment[] applied = [.. events.Where((_, i) => outcomes[i] == IngestOutcome.Applied)];
            Dictionary<string, DateTimeOffset> newest = events.GroupBy(p => p.Card).ToDictionary(g => g.Key, g => g.Max(p => p.Time));
            double[] v = new double[features.Width];
            foreach (IGrouping<string, Payment> card in applied.GroupBy(p => p.Card))
            {
                DateTimeOffset now = newest[card.Key];
                engine.Compute(new Payment(card.Key, now, 0), v);
                double[] inWindow = WindowOracle.Values(card, window, card.Key, now);
                Assert.True(BruteForceWindow.Matches(features, v, inWindow), $"{card.Key} at {now:O}: [{string.Join(", ", v)}] for [{string.Join(", ", inWindow)}]");
            }

            FeatureEngineCounters counters = engine.Counters;
            Assert.Equal(
                (events.Length, outcomes.Count(o => o == IngestOutcome.Late), 1, events.Select(p => p.Card).Distinct().Count()),
                ((int)counters.Events, (int)counters.Late, (int)counters.Duplicates, (int)counters.Entities));
            Assert.True(counters.Late > 0, "no event was late");
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
        var outcomes = new IngestOutcome[events.Length];
        outcomes.AsSpan().Fill((IngestOutcome)(-1));
        Assert.Contains("Event 1700", Assert.Throws<ArgumentException>(() => fresh.Ingest(events, outcomes)).Message, StringComparison.Ordinal);
        Assert.Equal(1_700, fresh.Counters.Events);
        Assert.All(outcomes[..1_700], o => Assert.Equal(IngestOutcome.Applied, o));
        Assert.All(outcomes[1_700..], o => Assert.Equal((IngestOutcome)(-1), o));

        // One event at a time, the parameter is the event.
        Assert.Equal("e", Assert.Throws<ArgumentException>(() => fresh.Ingest(new Payment("", Payments.Start, 1))).ParamName);
    }

    [Fact]
    public void A_throwing_key_selector_leaves_the_events_before_it_ingested()
    {
        FeatureSet<Payment> features = new FeatureSetBuilder<Payment>("keys", p => p.Amount < 0 ? throw new InvalidOperationException("no card") : p.Card, p => p.Time)
            .Window("sum", p => p.Amount, Aggregation.Sum, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
            .Build();
        var engine = new FeatureEngine<Payment>(features);
        Payment[] events = [.. Payments.Random(seed: 9, count: 3_000)];
        events[2_500] = events[2_500] with { Amount = -1 };
        Assert.Equal("no card", Assert.Throws<InvalidOperationException>(() => engine.Ingest(events)).Message);
        Assert.Equal(2_500, engine.Counters.Events);
    }

    [Fact]
    public void A_throwing_selector_leaves_the_events_before_it_ingested_and_no_key_read_after_it_held()
    {
        FeatureSet<Payment> features = new FeatureSetBuilder<Payment>("values", p => p.Card, p => p.Time)
            .Window("sum", p => p.Amount < 0 ? throw new InvalidOperationException("negative amount") : p.Amount, Aggregation.Sum, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
            .Build();
        var engine = new FeatureEngine<Payment>(features);
        WeakReference readNotIngested = FailAfterReadingKeys(engine);
        Assert.Equal(1_000, engine.Counters.Events);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(readNotIngested.IsAlive, "the engine's pooled batch still holds a key it read but never ingested");
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

        // The reader's computes are its own; everything ingested is the same.
        Assert.Equal(sequential.Counters, concurrent.Counters with { LateComputes = sequential.Counters.LateComputes });
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference FailAfterReadingKeys(FeatureEngine<Payment> engine)
    {
        // All keys of a chunk are read before any value: event 1,005's key is read, then event 1,000's value throws.
        Payment[] events = [.. Payments.Random(seed: 10, count: 1_010, cards: 50)];
        events[1_000] = events[1_000] with { Amount = -1 };
        events[1_005] = events[1_005] with { Card = new string('k', 12) };
        var key = new WeakReference(events[1_005].Card);
        Assert.Equal("negative amount", Assert.Throws<InvalidOperationException>(() => engine.Ingest(events)).Message);
        return key;
    }

    private static IngestOutcome[] IngestInBatches(FeatureEngine<Payment> engine, Payment[] events, int batchSize)
    {
        var outcomes = new IngestOutcome[events.Length];
        for (int start = 0; start < events.Length; start += batchSize)
        {
            int length = Math.Min(batchSize, events.Length - start);
            engine.Ingest(events.AsSpan(start, length), outcomes.AsSpan(start, length));
        }

        return outcomes;
    }

    private static Payment[] Shuffled(Payment[] events, int seed)
    {
        // Mostly in order; one in ten swapped with a neighbour up to 20 places on, one in a hundred up to half the
        // stream on: out-of-order arrivals within the lateness and far beyond it.
        var random = new Random(seed);
        Payment[] copy = [.. events];
        for (int i = 0; i < copy.Length; i++)
        {
            int roll = random.Next(100);
            if (roll < 11)
            {
                int j = Math.Min(copy.Length - 1, i + random.Next(1, roll == 0 ? copy.Length / 2 : 20));
                (copy[i], copy[j]) = (copy[j], copy[i]);
            }
        }

        // A replay of the newest event, which nothing makes late: a duplicate by its id.
        return [.. copy, copy.MaxBy(p => p.Time)!];
    }
}
