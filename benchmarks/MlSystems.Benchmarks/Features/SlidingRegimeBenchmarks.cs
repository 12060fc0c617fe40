using BenchmarkDotNet.Attributes;
using MlSystems.Features;

namespace MlSystems.Benchmarks.Features;

/// <summary>
/// Batched sliding-window ingest in the regimes a stream lives in, 1,000,000 events per invocation, one core, each
/// invocation the stream's next stretch (so windows stay as full as a long-running stream keeps them):
/// <list type="bullet">
/// <item><see cref="StreamRegime.Sparse"/>: 100,000 entities over a day, about 0.4 events per one-hour window;</item>
/// <item><see cref="StreamRegime.Dense"/>: 10,000 entities over an hour, about 100 events per window;</item>
/// <item><see cref="StreamRegime.DenseTenWindows"/>: the dense stream into ten sliding windows (six aggregations over an
/// hour, two over 15 minutes, two over 5 minutes);</item>
/// <item><see cref="StreamRegime.DenseLate"/>: the dense stream with 5% of events up to 4 minutes late (within the
/// default 5-minute lateness).</item>
/// </list>
/// Beside it, the naive peer (a per-entity list rescanned per event and window) and the floor: what touching the same
/// state costs with no work, each event writing its time and value into its entity's ring slot per window and reading
/// the oldest slot, entity numbers known in advance (no key hashing).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SlidingRegimeBenchmarks
{
    private const int Events = 1_000_000;
    private const int FloorSlots = 256;
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private StreamEvent[] events = null!;
    private int[] entityOf = null!;
    private long[] lengths = null!;
    private FeatureEngine<StreamEvent> engine = null!;
    private TimeSpan span;
    private TimeSpan shift;

    // The floor's state: per entity and window a ring of (time, value) slots and its cursor.
    private long[] floorTicks = null!;
    private double[] floorValues = null!;
    private int[] floorCursor = null!;

    /// <summary>The regime of the stream.</summary>
    [Params(StreamRegime.Sparse, StreamRegime.Dense, StreamRegime.DenseTenWindows, StreamRegime.DenseLate)]
    public StreamRegime Regime { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        bool sparse = Regime == StreamRegime.Sparse;
        int entities = sparse ? 100_000 : 10_000;
        span = sparse ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);
        var random = new Random(24);
        string[] keys = [.. Enumerable.Range(0, entities).Select(e => $"entity-{e}")];
        entityOf = new int[Events];
        events = new StreamEvent[Events];
        for (int i = 0; i < Events; i++)
        {
            int entity = random.Next(entities);
            long ticks = i * (span.Ticks / Events);
            if (Regime == StreamRegime.DenseLate && random.NextDouble() < 0.05)
            {
                ticks -= random.NextInt64(TimeSpan.FromMinutes(4).Ticks);
            }

            entityOf[i] = entity;
            events[i] = new StreamEvent(keys[entity], Start.AddTicks(ticks), random.Next(1, 500));
        }

        FeatureSetBuilder<StreamEvent> builder = new("regime", e => e.Key, e => e.Time + shift);
        TimeSpan hour = TimeSpan.FromHours(1), quarter = TimeSpan.FromMinutes(15), five = TimeSpan.FromMinutes(5);
        (string Name, Aggregation Aggregation, TimeSpan Length)[] windows = Regime == StreamRegime.DenseTenWindows
            ?
            [
                ("sum_1h", Aggregation.Sum, hour), ("max_1h", Aggregation.Max, hour), ("min_1h", Aggregation.Min, hour),
                ("mean_1h", Aggregation.Mean, hour), ("count_1h", Aggregation.Count, hour), ("var_1h", Aggregation.Variance, hour),
                ("sum_15m", Aggregation.Sum, quarter), ("max_15m", Aggregation.Max, quarter),
                ("mean_5m", Aggregation.Mean, five), ("count_5m", Aggregation.Count, five),
            ]
            : [("sum_1h", Aggregation.Sum, hour), ("max_1h", Aggregation.Max, hour)];
        foreach ((string name, Aggregation aggregation, TimeSpan length) in windows)
        {
            builder.Window(name, e => e.Amount, aggregation, FeatureWindow.Sliding(length));
        }

        lengths = [.. windows.Select(w => w.Length.Ticks)];
        engine = new FeatureEngine<StreamEvent>(builder.Build());
        floorTicks = new long[entities * windows.Length * FloorSlots];
        floorValues = new double[floorTicks.Length];
        floorCursor = new int[entities * windows.Length];

        // Two stretches first: the windows are full and every ring has grown to its size.
        Engine_batched();
        Engine_batched();
    }

    /// <summary>Ours: the next stretch of the stream in one batch.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long Engine_batched()
    {
        engine.Ingest(events);
        shift += span;
        return engine.Counters.Events;
    }

    /// <summary>The naive way: each entity's events in a list, the window rescanned per event and window.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public double Naive_list_recompute()
    {
        var lists = new Dictionary<string, List<(long Ticks, double Amount)>>();
        long longest = lengths.Max();
        double checksum = 0;
        foreach (StreamEvent e in events)
        {
            if (!lists.TryGetValue(e.Key, out List<(long Ticks, double Amount)>? list))
            {
                lists[e.Key] = list = [];
            }

            long now = e.Time.UtcTicks;
            list.RemoveAll(p => p.Ticks < now - longest);
            list.Add((now, e.Amount));
            foreach (long length in lengths)
            {
                double sum = 0, max = double.MinValue;
                foreach ((long ticks, double amount) in list)
                {
                    if (ticks >= now - length)
                    {
                        sum += amount;
                        max = Math.Max(max, amount);
                    }
                }

                checksum += sum + max;
            }
        }

        return checksum;
    }

    /// <summary>The floor: the same state touched with no work, entity numbers known.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long State_floor()
    {
        int windows = lengths.Length;
        long oldest = 0;
        for (int i = 0; i < events.Length; i++)
        {
            long ticks = events[i].Time.UtcTicks;
            double value = events[i].Amount;
            int first = entityOf[i] * windows;
            for (int w = 0; w < windows; w++)
            {
                int ring = first + w;
                int cursor = floorCursor[ring];
                int baseSlot = ring * FloorSlots;
                oldest += floorTicks[baseSlot + ((cursor + 1) & (FloorSlots - 1))];
                floorTicks[baseSlot + cursor] = ticks;
                floorValues[baseSlot + cursor] = value;
                floorCursor[ring] = (cursor + 1) & (FloorSlots - 1);
            }
        }

        return oldest;
    }

    public sealed record StreamEvent(string Key, DateTimeOffset Time, double Amount);
}
