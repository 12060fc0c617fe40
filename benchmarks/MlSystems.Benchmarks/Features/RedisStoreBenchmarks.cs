using BenchmarkDotNet.Attributes;
using MlSystems.Features;
using MlSystems.Features.Redis;
using StackExchange.Redis;

namespace MlSystems.Benchmarks.Features;

/// <summary>
/// The Redis online store over loopback beside its floor, a bare StackExchange.Redis call moving the same bytes: one
/// vector (GET), 100 entities (MGET), 100 writes (our guarded-write script against a bare MSET, which guards nothing).
/// 16-value vectors of 10,000 entities; the entities read rotate so no two calls in a row ask for the same keys.
/// Needs <c>MLSYSTEMS_REDIS</c> (<c>eval "$(eng/start-redis.sh)"</c>; <c>.ci/run</c> starts one before its dry run).
/// </summary>
[MemoryDiagnoser]
public class RedisStoreBenchmarks
{
    private const int Entities = 10_000, Width = 16, Batch = 100;
    private static readonly FeatureVectorSchema Schema = FeatureVectorSchema.Create("bench", 1, [.. Enumerable.Range(0, Width).Select(i => $"f{i}")]);
    private readonly double[] destination = new double[Width * Batch];
    private readonly FeatureReadStatus[] statuses = new FeatureReadStatus[Batch];
    private readonly FeatureWriteOutcome[] outcomes = new FeatureWriteOutcome[Batch];
    private ConnectionMultiplexer redis = null!;
    private IDatabase database = null!;
    private RedisOnlineFeatureStore store = null!;
    private string[] entities = null!;
    private RedisKey[] keys = null!;
    private string[][] batches = null!;
    private RedisKey[][] keyBatches = null!;
    private KeyValuePair<RedisKey, RedisValue>[][] floorWrites = null!;
    private FeatureVectorWrite[][] writes = null!;
    private (RedisKey[] Keys, RedisValue[] Arguments)[] scriptCalls = null!;
    private int next;
    private long ticks;

    [GlobalSetup]
    public void Setup()
    {
        string address = Environment.GetEnvironmentVariable("MLSYSTEMS_REDIS") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("MLSYSTEMS_REDIS is not set: run eval \"$(eng/start-redis.sh)\" before the Redis benchmarks.");
        redis = ConnectionMultiplexer.Connect(address);
        database = redis.GetDatabase();
        string prefix = $"bench:{Guid.NewGuid():N}:";
        store = new RedisOnlineFeatureStore(redis, Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = prefix });
        var random = new Random(20261207);
        entities = [.. Enumerable.Range(0, Entities).Select(i => $"card-{i}")];
        keys = [.. entities.Select(e => (RedisKey)store.KeyOf(e))];
        DateTimeOffset now = DateTimeOffset.UtcNow;
        FeatureVectorWrite[] all = [.. entities.Select(e => new FeatureVectorWrite(e, now, Enumerable.Range(0, Width).Select(_ => random.NextDouble()).ToArray()))];
        store.WriteManyAsync(all, new FeatureWriteOutcome[Entities]).AsTask().GetAwaiter().GetResult();

        // Batches of 100 scattered entities; the floor's writes carry the encoded bytes our store would send.
        int[][] picks = [.. Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, Batch).Select(_ => random.Next(Entities)).Distinct().ToArray())];
        batches = [.. picks.Select(p => p.Select(i => entities[i]).ToArray())];
        keyBatches = [.. picks.Select(p => p.Select(i => keys[i]).ToArray())];
        writes = [.. picks.Select(p => p.Select(i => all[i]).ToArray())];
        floorWrites = [.. picks.Select(p => p.Select(i =>
        {
            byte[] bytes = new byte[FeatureVectorFormat.GetLength(Schema)];
            FeatureVectorFormat.Write(Schema, now, 0, all[i].Vector.Span, bytes);
            return new KeyValuePair<RedisKey, RedisValue>($"{prefix}floor:{entities[i]}", bytes);
        }).ToArray())];
        scriptCalls = [.. floorWrites.Select(batch => (
            batch.Select(p => p.Key).ToArray(),
            batch.SelectMany(p => (RedisValue[])[p.Value, RedisValue.EmptyString]).ToArray()))];
        ticks = now.UtcTicks;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (RedisKey[] chunk in keys.Chunk(1_000))
        {
            database.KeyDelete(chunk);
        }

        foreach (KeyValuePair<RedisKey, RedisValue>[] batch in floorWrites)
        {
            database.KeyDelete([.. batch.Select(p => p.Key)]);
        }

        redis.Dispose();
    }

    [Benchmark(Baseline = true, Description = "floor: GET of one vector's bytes")]
    public async Task<long> FloorGet()
    {
        RedisValue value = await database.StringGetAsync(keys[Next() % Entities]);
        return ((byte[])value!).Length;
    }

    [Benchmark(Description = "ReadAsync, one entity")]
    public async Task<FeatureReadStatus> Read() =>
        await store.ReadAsync(entities[Next() % Entities], destination, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    [Benchmark(Description = "floor: MGET of 100 vectors' bytes")]
    public async Task<int> FloorMget()
    {
        RedisValue[] values = await database.StringGetAsync(keyBatches[Next() % keyBatches.Length]);
        return values.Length;
    }

    [Benchmark(Description = "ReadManyAsync, 100 entities")]
    public async Task<FeatureReadStatus> ReadMany()
    {
        await store.ReadManyAsync(batches[Next() % batches.Length], destination, statuses, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        return statuses[0];
    }

    [Benchmark(Description = "floor: MSET of 100 vectors' bytes (no guard)")]
    public async Task<bool> FloorMset() => await database.StringSetAsync(floorWrites[Next() % floorWrites.Length]);

    [Benchmark(Description = "floor: the guard script alone, arguments encoded once (equal times: reads and compares, writes nothing)")]
    public async Task<RedisResult> FloorGuardScript()
    {
        (RedisKey[] keys, RedisValue[] arguments) = scriptCalls[Next() % scriptCalls.Length];
        return await database.ScriptEvaluateAsync(GuardedWriteScript.Source, keys, arguments);
    }

    [Benchmark(Description = "WriteManyAsync, 100 entities (guarded, each newer)")]
    public async Task<FeatureWriteOutcome> WriteMany()
    {
        FeatureVectorWrite[] batch = writes[Next() % writes.Length];
        var newer = new DateTimeOffset(++ticks, TimeSpan.Zero);
        for (int i = 0; i < batch.Length; i++)
        {
            batch[i] = batch[i] with { EventTime = newer };
        }

        await store.WriteManyAsync(batch, outcomes);
        return outcomes[0];
    }

    private int Next() => next++ & int.MaxValue;
}
