using System.Threading.Channels;
using MlSystems.Features.Redis;
using MlSystems.Features.Tests.Support;
using MlSystems.Features.Worker;
using StackExchange.Redis;

namespace MlSystems.Features.Tests.Store;

/// <summary>What only a store shared across processes can show: version refusal, foreign values, the server's expiry, and writers in several OS processes.</summary>
public sealed class RedisOnlineFeatureStoreTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [SkippableFact]
    public async Task A_vector_written_by_another_version_of_the_feature_set_is_refused_at_read_time()
    {
        string prefix = RedisServer.FreshPrefix();
        FeatureSet<Payment> v1 = PaymentsOfVersion(1, TimeSpan.FromHours(1));
        FeatureSet<Payment> v2 = PaymentsOfVersion(2, TimeSpan.FromHours(1));
        FeatureSet<Payment> longerWindow = PaymentsOfVersion(1, TimeSpan.FromHours(2));
        Assert.Equal(v1.Schema.Fingerprint, PaymentsOfVersion(1, TimeSpan.FromHours(1)).Schema.Fingerprint);
        Assert.NotEqual(v1.Schema.Fingerprint, v2.Schema.Fingerprint);
        Assert.NotEqual(v1.Schema.Fingerprint, longerWindow.Schema.Fingerprint);

        var writer = new RedisOnlineFeatureStore(RedisServer.Connect(), v1.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = prefix });
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await writer.WriteAsync("card-1", now, new double[] { 1, 2 });

        double[] v = [-1, -1];
        var declared = new RedisOnlineFeatureStore(RedisServer.Connect(), v2.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = prefix });
        FeatureVectorMismatchException error = await Assert.ThrowsAsync<FeatureVectorMismatchException>(async () => await declared.ReadAsync("card-1", v, now, FiveMinutes));
        Assert.Equal(("card-1", "payments", 2, 1), (error.Entity, error.FeatureSet, error.ExpectedVersion, error.FoundVersion));
        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
        Assert.Equal([-1.0, -1], v);

        // The same declared version but a changed window: the fingerprint catches what the author forgot to bump.
        var undeclared = new RedisOnlineFeatureStore(RedisServer.Connect(), longerWindow.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = prefix });
        await Assert.ThrowsAsync<FeatureVectorMismatchException>(async () => await undeclared.ReadManyAsync(["missing", "card-1"], new double[4], new FeatureReadStatus[2], now, FiveMinutes));
        Assert.Equal(FeatureReadStatus.Fresh, await writer.ReadAsync("card-1", v, now, FiveMinutes));

        // A backfill by the new version takes the key over even at an older event time; then the old readers refuse.
        Assert.Equal(FeatureWriteOutcome.Written, await declared.WriteAsync("card-1", now.AddMinutes(-1), new double[] { 3, 4 }));
        Assert.Equal(FeatureReadStatus.Fresh, await declared.ReadAsync("card-1", v, now, FiveMinutes));
        Assert.Equal([3.0, 4], v);
        Assert.Equal(FeatureWriteOutcome.Ignored, await declared.WriteAsync("card-1", now.AddMinutes(-2), new double[] { 5, 6 }));
        await Assert.ThrowsAsync<FeatureVectorMismatchException>(async () => await writer.ReadAsync("card-1", v, now, FiveMinutes));
    }

    [SkippableFact]
    public void Schemas_a_key_cannot_hold_are_refused_at_construction()
    {
        IConnectionMultiplexer redis = RedisServer.Connect();
        Assert.Equal("schema", Assert.Throws<ArgumentException>(() => new RedisOnlineFeatureStore(redis, FeatureVectorSchema.Create("payments:v2", 1, ["a"]))).ParamName);
        FeatureVectorSchema wide = FeatureVectorSchema.Create("wide", 1, [.. Enumerable.Range(0, FeatureVectorFormat.MaxWidth + 1).Select(i => $"c{i}")]);
        Assert.Equal("schema", Assert.Throws<ArgumentException>(() => new RedisOnlineFeatureStore(redis, wide)).ParamName);
        Assert.Equal("KeyPrefix", Assert.Throws<ArgumentException>(() => new RedisOnlineFeatureStore(redis, ConcurrentWritePlan.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = "" })).ParamName);
    }

    [SkippableFact]
    public async Task A_vector_of_format_1_is_refused_on_read_and_replaced_on_write_whatever_its_time()
    {
        var store = new RedisOnlineFeatureStore(RedisServer.Connect(), ConcurrentWritePlan.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = RedisServer.FreshPrefix() });
        IDatabase redis = RedisServer.Connect().GetDatabase();
        DateTimeOffset now = DateTimeOffset.UtcNow;

        // The first release's layout: magic, format 1, then the event time (here far in the future) and the schema.
        byte[] old = new byte[FeatureVectorFormat.GetLength(ConcurrentWritePlan.Schema)];
        FeatureVectorFormat.Write(ConcurrentWritePlan.Schema, DateTimeOffset.MaxValue, 0, new double[ConcurrentWritePlan.Schema.Width], old);
        old[4] = 1;
        await redis.StringSetAsync(store.KeyOf("e"), old);
        Assert.Contains("format 2", (await Assert.ThrowsAsync<InvalidDataException>(async () => await store.ReadAsync("e", new double[ConcurrentWritePlan.Schema.Width], now, FiveMinutes))).Message, StringComparison.Ordinal);

        Assert.Equal(FeatureWriteOutcome.Written, await store.WriteAsync("e", now, new double[ConcurrentWritePlan.Schema.Width]));
        Assert.Equal(FeatureReadStatus.Fresh, await store.ReadAsync("e", new double[ConcurrentWritePlan.Schema.Width], now, FiveMinutes));
    }

    [SkippableFact]
    public async Task A_key_holding_something_else_fails_its_batch_and_nothing_of_the_batch_is_written()
    {
        string prefix = RedisServer.FreshPrefix();
        var store = new RedisOnlineFeatureStore(RedisServer.Connect(), ConcurrentWritePlan.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = prefix });
        IDatabase redis = RedisServer.Connect().GetDatabase();
        await redis.StringSetAsync(store.KeyOf("foreign"), "not a vector");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        FeatureVectorWrite[] batch = [new("first", now, new double[3]), new("foreign", now, new double[3]), new("last", now, new double[3])];
        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(async () => await store.WriteManyAsync(batch, new FeatureWriteOutcome[3]));
        Assert.Contains(store.KeyOf("foreign"), error.Message, StringComparison.Ordinal);
        Assert.False(await redis.KeyExistsAsync(store.KeyOf("first")));
        Assert.False(await redis.KeyExistsAsync(store.KeyOf("last")));
        Assert.Equal("not a vector", await redis.StringGetAsync(store.KeyOf("foreign")));
        await Assert.ThrowsAsync<InvalidDataException>(async () => await store.ReadAsync("foreign", new double[3], now, FiveMinutes));

        // A key of another Redis type fails the call in the script's first pass, before anything is written.
        await redis.HashSetAsync(store.KeyOf("hash"), "field", "value");
        await Assert.ThrowsAsync<RedisServerException>(async () => await store.WriteManyAsync([new("first", now, new double[3]), new("hash", now, new double[3])], new FeatureWriteOutcome[2]));
        Assert.False(await redis.KeyExistsAsync(store.KeyOf("first")));

        // A vector a tick newer in the low half of the time, and one newer only in the high half, both land.
        Assert.Equal(FeatureWriteOutcome.Written, await store.WriteAsync("halves", new DateTimeOffset(0xFFFF_FFFFL, TimeSpan.Zero), new double[3]));
        Assert.Equal(FeatureWriteOutcome.Written, await store.WriteAsync("halves", new DateTimeOffset(0x1_0000_0000L, TimeSpan.Zero), new double[3]));
        Assert.Equal(FeatureWriteOutcome.Ignored, await store.WriteAsync("halves", new DateTimeOffset(0xFFFF_FFFFL, TimeSpan.Zero), new double[3]));
    }

    [SkippableFact]
    public async Task The_server_expires_each_vector_at_its_event_time_plus_the_time_to_live()
    {
        var store = new RedisOnlineFeatureStore(RedisServer.Connect(), ConcurrentWritePlan.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = RedisServer.FreshPrefix(), TimeToLive = TimeSpan.FromHours(1) });
        IDatabase redis = RedisServer.Connect().GetDatabase();
        DateTimeOffset eventTime = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(20);
        await store.WriteAsync("e", eventTime, new double[3]);
        DateTime? expiry = await redis.KeyExpireTimeAsync(store.KeyOf("e"));
        Assert.NotNull(expiry);
        Assert.Equal((eventTime + TimeSpan.FromHours(1)).ToUnixTimeMilliseconds(), new DateTimeOffset(expiry.Value, TimeSpan.Zero).ToUnixTimeMilliseconds());

        // A newer vector moves the expiry with it; an ignored older one leaves it.
        await store.WriteAsync("e", eventTime.AddMinutes(5), new double[3]);
        await store.WriteAsync("e", eventTime.AddMinutes(1), new double[3]);
        Assert.Equal((eventTime + TimeSpan.FromMinutes(65)).ToUnixTimeMilliseconds(), new DateTimeOffset((await redis.KeyExpireTimeAsync(store.KeyOf("e")))!.Value, TimeSpan.Zero).ToUnixTimeMilliseconds());

        // Already expired when written: nothing is left on the server, and the counters say so.
        await store.WriteAsync("gone", DateTimeOffset.UtcNow - TimeSpan.FromHours(2), new double[3]);
        Assert.False(await redis.KeyExistsAsync(store.KeyOf("gone")));
        Assert.Equal(new OnlineFeatureStoreCounters(0, 3, 1, 0, 0, 1), store.Counters);
    }

    [SkippableFact]
    public async Task Writers_in_three_processes_leave_every_entity_with_its_newest_vector()
    {
        RedisServer.Require();
        string prefix = RedisServer.FreshPrefix();
        const int Writers = 3, Entities = 200, Rounds = 6;
        var lines = Channel.CreateUnbounded<(WorkerProcess From, string? Line)>();
        var workers = new List<WorkerProcess>();
        try
        {
            for (int w = 0; w < Writers; w++)
            {
                workers.Add(WorkerProcess.Start($"writer-{w}", lines.Writer, "write", prefix, $"{w}", $"{Entities}", $"{Rounds}"));
            }

            long written = 0, ignored = 0;
            for (int ready = 0, done = 0; done < Writers;)
            {
                (WorkerProcess from, string? line) = await lines.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(2));
                if (line is null)
                {
                    // A worker's output ended: fine after its "done", and FinishAsync names its errors if it crashed.
                    await from.FinishAsync();
                }
                else if (line == "ready" && ++ready == Writers)
                {
                    foreach (WorkerProcess worker in workers)
                    {
                        await worker.WakeAsync();
                    }
                }
                else if (line.StartsWith("done ", StringComparison.Ordinal))
                {
                    string[] counts = line.Split(' ');
                    written += long.Parse(counts[1], System.Globalization.CultureInfo.InvariantCulture);
                    ignored += long.Parse(counts[2], System.Globalization.CultureInfo.InvariantCulture);
                    done++;
                }
            }

            foreach (WorkerProcess worker in workers)
            {
                await worker.FinishAsync();
            }

            Assert.Equal(Writers * Entities * Rounds, written + ignored);
            var store = new RedisOnlineFeatureStore(RedisServer.Connect(), ConcurrentWritePlan.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = prefix });
            string[] entities = [.. Enumerable.Range(0, Entities).Select(ConcurrentWritePlan.Entity)];
            double[] all = new double[Entities * 3];
            var statuses = new FeatureReadStatus[Entities];
            await store.ReadManyAsync(entities, all, statuses, ConcurrentWritePlan.Start, TimeSpan.MaxValue);
            var winners = new int[Writers];
            for (int e = 0; e < Entities; e++)
            {
                (int writer, int round) = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, Rounds).Select(r => (w, r)))
                    .MaxBy(p => ConcurrentWritePlan.TicksOf(p.w, e, p.r));
                Assert.Equal(ConcurrentWritePlan.VectorOf(writer, e, round), all.AsSpan(e * 3, 3).ToArray());
                winners[writer]++;
            }

            // Every writer won some entities, so the guard decided between processes, not within one.
            Assert.All(winners, w => Assert.InRange(w, Entities / 6, Entities / 2));
        }
        finally
        {
            foreach (WorkerProcess worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static FeatureSet<Payment> PaymentsOfVersion(int version, TimeSpan window) =>
        new FeatureSetBuilder<Payment>("payments", p => p.Card, p => p.Time)
            .Version(version)
            .Row("amount", p => p.Amount)
            .Window("sum_amount", p => p.Amount, Aggregation.Sum, FeatureWindow.Sliding(window))
            .Build();
}
