using MlSystems.Features.Redis;
using MlSystems.Features.Worker;
using StackExchange.Redis;

namespace MlSystems.Features.Tests.Streams;

/// <summary>One test's stream, coordinator and store on the shared Redis under a fresh prefix, and the single-engine replay they must agree with.</summary>
internal sealed class StreamHarness
{
    public StreamHarness()
    {
        Redis = RedisServer.Connect();
        Prefix = RedisServer.FreshPrefix();
        Log = new RedisFeatureEventLog(Redis, StreamPlan.Features.Name, StreamPlan.StreamOptions(Prefix));
        Coordinator = new RedisPartitionCoordinator(Redis, StreamPlan.Features.Name, StreamPlan.StreamOptions(Prefix));
        Store = new RedisOnlineFeatureStore(Redis, StreamPlan.Features.Schema, StreamPlan.StoreOptions(Prefix));
        Producer = new FeatureStreamProducer<StreamEvent>(StreamPlan.Features, Log, StreamPlan.Codec);
    }

    public IConnectionMultiplexer Redis { get; }

    public string Prefix { get; }

    public RedisFeatureEventLog Log { get; }

    public RedisPartitionCoordinator Coordinator { get; }

    public RedisOnlineFeatureStore Store { get; }

    public FeatureStreamProducer<StreamEvent> Producer { get; }

    public FeatureStreamProcessor<StreamEvent> Processor(string id, TimeProvider time, FeatureStreamProcessorOptions? options = null)
    {
        // Heartbeats follow the test's fake clock, lease expiry the server's real one: a long lease keeps a slow run from
        // losing partitions the test did not mean it to.
        options ??= new FeatureStreamProcessorOptions { BatchSize = 100, CheckpointInterval = TimeSpan.Zero };
        options.LeaseDuration = TimeSpan.FromMinutes(5);
        options.ProcessorId = id;
        return new FeatureStreamProcessor<StreamEvent>(StreamPlan.Features, Log, Coordinator, Store, StreamPlan.Codec, options, time);
    }

    /// <summary>Each entity's vector after its last event (rows from it, windows as of its newest event, that included), from one engine given every event.</summary>
    public static Dictionary<string, long[]> Replay(IEnumerable<StreamEvent> events)
    {
        var engine = new FeatureEngine<StreamEvent>(StreamPlan.Features);
        var latest = new Dictionary<string, StreamEvent>(StringComparer.Ordinal);
        var newest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (StreamEvent e in events)
        {
            engine.Ingest(e);
            latest[e.Entity] = e;
            newest[e.Entity] = newest.TryGetValue(e.Entity, out DateTimeOffset held) && held > e.Time ? held : e.Time;
        }

        // Independent of the engine's own bookkeeping: as of a tick after the newest event, with the last event's rows.
        var vector = new double[StreamPlan.Features.Width];
        return latest.ToDictionary(p => p.Key, p =>
        {
            engine.Compute(p.Value with { Time = newest[p.Key].AddTicks(1) }, vector);
            return vector.Select(BitConverter.DoubleToInt64Bits).ToArray();
        }, StringComparer.Ordinal);
    }

    /// <summary>What one engine given every event counts: each event once, late ones as late.</summary>
    public static (long Events, long Late, long Duplicates) ReplayCounters(IEnumerable<StreamEvent> events)
    {
        var engine = new FeatureEngine<StreamEvent>(StreamPlan.Features);
        foreach (StreamEvent e in events)
        {
            engine.Ingest(e);
        }

        return (engine.Counters.Events, engine.Counters.Late, engine.Counters.Duplicates);
    }

    /// <summary>Every entity's stored vector, in bits; an entity missing from the store maps to null.</summary>
    public async Task<Dictionary<string, long[]?>> StoredAsync(IReadOnlyList<string> entities)
    {
        int width = StreamPlan.Features.Width;
        var values = new double[entities.Count * width];
        var statuses = new FeatureReadStatus[entities.Count];
        await Store.ReadManyAsync(entities, values, statuses, StreamPlan.Start.AddYears(1), TimeSpan.FromDays(3650));
        return entities.Select((entity, i) => (entity, bits: statuses[i] == FeatureReadStatus.Missing ? null : values.AsSpan(i * width, width).ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray()))
            .ToDictionary(p => p.entity, p => p.bits, StringComparer.Ordinal);
    }

    /// <summary>The engine counters of every partition's checkpoint, summed; partitions without one count nothing.</summary>
    public async Task<(FeatureEngineCounters Counters, string?[] Positions)> CheckpointedAsync()
    {
        long events = 0, late = 0, duplicates = 0;
        var positions = new string?[StreamPlan.Partitions];
        for (int p = 0; p < StreamPlan.Partitions; p++)
        {
            PartitionCheckpoint? checkpoint = await Coordinator.ReadCheckpointAsync(p);
            if (checkpoint is null)
            {
                continue;
            }

            var engine = new FeatureEngine<StreamEvent>(StreamPlan.Features);
            engine.RestoreSnapshot(new MemoryStream(checkpoint.State.ToArray()));
            (events, late, duplicates, positions[p]) = (events + engine.Counters.Events, late + engine.Counters.Late, duplicates + engine.Counters.Duplicates, checkpoint.Position);
        }

        return (new FeatureEngineCounters(events, late, duplicates, 0, 0, 0, 0), positions);
    }

    /// <summary>Deletes every partition's lease, as the server does when they expire.</summary>
    public async Task DeleteLeasesAsync()
    {
        IDatabase database = Redis.GetDatabase();
        for (int p = 0; p < StreamPlan.Partitions; p++)
        {
            await database.KeyDeleteAsync($"{Prefix}streams:{{{StreamPlan.Features.Name}:{p}}}:lease");
        }
    }

    /// <summary>The newest entry of each partition, or null for an empty one.</summary>
    public async Task<string?[]> LastPositionsAsync()
    {
        IDatabase database = Redis.GetDatabase();
        var last = new string?[StreamPlan.Partitions];
        for (int p = 0; p < last.Length; p++)
        {
            StreamEntry[] newest = await database.StreamRangeAsync($"{Prefix}streams:{{{StreamPlan.Features.Name}:{p}}}:events", "-", "+", 1, Order.Descending);
            last[p] = newest.Length == 0 ? null : newest[0].Id.ToString();
        }

        return last;
    }
}
