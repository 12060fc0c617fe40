using BenchmarkDotNet.Attributes;
using MlSystems.Features;

namespace MlSystems.Benchmarks.Features;

/// <summary>
/// Streaming feature aggregation and online reads. Ingest: 1,000,000 time-ordered events over 100,000 entities into
/// one-hour sliding windows (sum and max), one core, in one batch and one call per event; the peer recomputes the window
/// from a per-entity list, the naive way. Read: one 16-value vector from the in-memory online store, keys rotating over
/// 100,000 entities.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FeatureBenchmarks
{
    private const int Events = 1_000_000;
    private const int Entities = 100_000;
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FeatureSet<Swipe> features;

    private Swipe[] swipes = null!;
    private FeatureEngine<Swipe> engine = null!;
    private TimeSpan shift;

    // Each invocation replays the same day shifted one day on (through the time selector: no per-event allocation).
    public FeatureBenchmarks() => features = new FeatureSetBuilder<Swipe>("bench", s => s.Card, s => s.Time + shift)
        .Window("sum_1h", s => s.Amount, Aggregation.Sum, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
        .Window("max_1h", s => s.Amount, Aggregation.Max, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
        .Build();
    private string[] keys = null!;
    private InMemoryOnlineFeatureStore store = null!;
    private readonly double[] vector = new double[16];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        keys = [.. Enumerable.Range(0, Entities).Select(e => $"card-{e}")];

        // About ten events per entity spread over a day: each window holds a handful.
        swipes = [.. Enumerable.Range(0, Events).Select(i => new Swipe(keys[random.Next(Entities)], Start.AddTicks(i * (TimeSpan.TicksPerDay / Events)), random.Next(1, 500)))];
        engine = new FeatureEngine<Swipe>(features);
        Ingest(batched: true);
        store = new InMemoryOnlineFeatureStore(16);
        foreach (string key in keys)
        {
            store.Write(key, Start, vector);
        }
    }

    /// <summary>A long-lived engine, its 100,000 entities warm: each invocation is the next day of events, in one batch.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long Sliding_window_ingest_batched() => Ingest(batched: true);

    /// <summary>The same, one <see cref="FeatureEngine{TEvent}.Ingest(TEvent)"/> call per event.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long Sliding_window_ingest_per_event() => Ingest(batched: false);

    [Benchmark(OperationsPerInvoke = Events)]
    public double Naive_list_recompute()
    {
        // The straightforward way: keep each entity's events in a list and rescan the window on every event.
        var lists = new Dictionary<string, List<(long Ticks, double Amount)>>(Entities);
        double checksum = 0;
        long length = TimeSpan.FromHours(1).Ticks;
        foreach (Swipe s in swipes)
        {
            if (!lists.TryGetValue(s.Card, out List<(long Ticks, double Amount)>? list))
            {
                lists[s.Card] = list = [];
            }

            long now = s.Time.UtcTicks;
            list.RemoveAll(e => e.Ticks <= now - length);
            list.Add((now, s.Amount));
            double sum = 0, max = double.MinValue;
            foreach ((long _, double amount) in list)
            {
                sum += amount;
                max = Math.Max(max, amount);
            }

            checksum += sum + max;
        }

        return checksum;
    }

    [Benchmark]
    public FeatureReadStatus Online_store_read() => store.Read(keys[next++ % Entities], vector, Start, TimeSpan.FromHours(1));

    private long Ingest(bool batched)
    {
        if (batched)
        {
            engine.Ingest(swipes);
        }
        else
        {
            foreach (Swipe s in swipes)
            {
                engine.Ingest(s);
            }
        }

        shift += TimeSpan.FromDays(1);
        return engine.Counters.Events;
    }

    public sealed record Swipe(string Card, DateTimeOffset Time, double Amount);
}
