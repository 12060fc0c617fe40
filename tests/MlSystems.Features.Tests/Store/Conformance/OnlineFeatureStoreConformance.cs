using FsCheck;
using FsCheck.Fluent;

namespace MlSystems.Features.Tests.Store.Conformance;

/// <summary>
/// The contract every <see cref="IOnlineFeatureStore"/> keeps, run against each implementation by a subclass that says
/// how to create a store: the event-time guard, batches, expiry, values bit for bit, bad input, concurrency, and a
/// random-operation property against a plain dictionary.
/// </summary>
public abstract class OnlineFeatureStoreConformance
{
    /// <summary>A three-column schema; tests that need another version build their own.</summary>
    protected static readonly FeatureVectorSchema Schema = FeatureVectorSchema.Create("conformance", 1, ["a", "b", "c"]);

    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>The clock expiry is measured on: the store's own (the server's wall clock for a remote store).</summary>
    protected abstract DateTimeOffset Now { get; }

    /// <summary>A new, empty store of <paramref name="schema"/> that keeps vectors for <paramref name="timeToLive"/> after their event time (forever when null).</summary>
    protected abstract IOnlineFeatureStore Create(FeatureVectorSchema schema, TimeSpan? timeToLive = null);

    [SkippableFact]
    public async Task Writes_are_guarded_by_event_time_and_reads_report_freshness()
    {
        IOnlineFeatureStore store = Create(Schema);
        DateTimeOffset t0 = Now;
        Assert.Equal(FeatureWriteOutcome.Written, await store.WriteAsync("card-1", t0, new double[] { 1, 2, 3 }));
        Assert.Equal(FeatureWriteOutcome.Written, await store.WriteAsync("card-1", t0.AddSeconds(10), new double[] { 4, 5, 6 }));
        Assert.Equal(FeatureWriteOutcome.Ignored, await store.WriteAsync("card-1", t0.AddSeconds(5), new double[] { 7, 8, 9 }));
        Assert.Equal(FeatureWriteOutcome.Ignored, await store.WriteAsync("card-1", t0.AddSeconds(10), new double[] { 7, 8, 9 }));

        // A tick apart is apart: the guard compares full-precision event times.
        Assert.Equal(FeatureWriteOutcome.Written, await store.WriteAsync("card-1", t0.AddSeconds(10).AddTicks(1), new double[] { 10, 11, 12 }));

        double[] v = new double[3];
        Assert.Equal(FeatureReadStatus.Fresh, await store.ReadAsync("card-1", v, t0.AddMinutes(1), FiveMinutes));
        Assert.Equal([10.0, 11, 12], v);
        Assert.Equal(FeatureReadStatus.Stale, await store.ReadAsync("card-1", v, t0.AddHours(1), FiveMinutes));
        Assert.Equal(FeatureReadStatus.Missing, await store.ReadAsync("card-2", v, t0, FiveMinutes));
    }

    [SkippableFact]
    public async Task Among_vectors_of_one_event_time_a_higher_sequence_replaces_a_lower()
    {
        IOnlineFeatureStore store = Create(Schema);
        DateTimeOffset t0 = Now;
        async Task<FeatureWriteOutcome> WriteAsync(DateTimeOffset time, long sequence, double value)
        {
            var outcomes = new FeatureWriteOutcome[1];
            await store.WriteManyAsync([new("e", time, new double[] { value, value, value }, sequence)], outcomes);
            return outcomes[0];
        }

        Assert.Equal(FeatureWriteOutcome.Written, await WriteAsync(t0, 5, 1));
        Assert.Equal(FeatureWriteOutcome.Ignored, await WriteAsync(t0, 5, 2));
        Assert.Equal(FeatureWriteOutcome.Ignored, await WriteAsync(t0, 4, 3));
        Assert.Equal(FeatureWriteOutcome.Written, await WriteAsync(t0, 6, 4));

        // Every word of the sequence counts, the high one included; an older event time loses whatever its sequence.
        Assert.Equal(FeatureWriteOutcome.Written, await WriteAsync(t0, (1L << 32) + 1, 5));
        Assert.Equal(FeatureWriteOutcome.Written, await WriteAsync(t0, long.MaxValue, 6));
        Assert.Equal(FeatureWriteOutcome.Ignored, await WriteAsync(t0.AddTicks(-1), long.MaxValue, 7));
        Assert.Equal(FeatureWriteOutcome.Written, await WriteAsync(t0.AddTicks(1), 0, 8));

        // WriteAsync writes sequence 0.
        Assert.Equal(FeatureWriteOutcome.Ignored, await store.WriteAsync("e", t0.AddTicks(1), new double[] { 9, 9, 9 }));
        double[] v = new double[3];
        await store.ReadAsync("e", v, t0, TimeSpan.MaxValue);
        Assert.Equal([8.0, 8, 8], v);

        ArgumentException negative = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.WriteManyAsync([new("f", t0, new double[3], -1)], new FeatureWriteOutcome[1]));
        Assert.Equal("writes", negative.ParamName);
        Assert.Contains("sequence -1", negative.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_batch_applies_each_write_in_order_and_reports_each_outcome()
    {
        IOnlineFeatureStore store = Create(Schema);
        DateTimeOffset t0 = Now;
        await store.WriteAsync("b", t0.AddSeconds(30), new double[] { 9, 9, 9 });
        FeatureVectorWrite[] writes =
        [
            new("a", t0, new double[] { 1, 1, 1 }),
            new("b", t0, new double[] { 2, 2, 2 }),
            new("a", t0.AddSeconds(1), new double[] { 3, 3, 3 }),
            new("a", t0.AddMilliseconds(500), new double[] { 4, 4, 4 }),
            new("c", t0, new double[] { 5, 5, 5 }),
        ];
        var outcomes = new FeatureWriteOutcome[writes.Length];
        await store.WriteManyAsync(writes, outcomes);
        Assert.Equal([FeatureWriteOutcome.Written, FeatureWriteOutcome.Ignored, FeatureWriteOutcome.Written, FeatureWriteOutcome.Ignored, FeatureWriteOutcome.Written], outcomes);

        double[] all = Enumerable.Repeat(-1.0, 12).ToArray();
        var statuses = new FeatureReadStatus[4];
        await store.ReadManyAsync(["a", "missing", "b", "c"], all, statuses, t0.AddSeconds(1), FiveMinutes);
        Assert.Equal([FeatureReadStatus.Fresh, FeatureReadStatus.Missing, FeatureReadStatus.Fresh, FeatureReadStatus.Fresh], statuses);

        // A missing entity's slice is left as it was.
        Assert.Equal([3.0, 3, 3, -1, -1, -1, 9, 9, 9, 5, 5, 5], all);
    }

    [SkippableFact]
    public async Task Batches_larger_than_any_one_call_round_trip_whole()
    {
        IOnlineFeatureStore store = Create(Schema);
        DateTimeOffset t0 = Now;
        const int Entities = 2_500;
        FeatureVectorWrite[] writes = [.. Enumerable.Range(0, Entities).Select(i => new FeatureVectorWrite($"user-{i}", t0.AddTicks(i), new double[] { i, -i, i * 0.5 }))];
        var outcomes = new FeatureWriteOutcome[Entities];
        await store.WriteManyAsync(writes, outcomes);
        Assert.All(outcomes, o => Assert.Equal(FeatureWriteOutcome.Written, o));

        string[] entities = [.. Enumerable.Range(0, Entities + 10).Select(i => $"user-{i}")];
        double[] all = new double[entities.Length * 3];
        var statuses = new FeatureReadStatus[entities.Length];
        await store.ReadManyAsync(entities, all, statuses, t0, FiveMinutes);
        for (int i = 0; i < Entities; i++)
        {
            Assert.Equal(FeatureReadStatus.Fresh, statuses[i]);
            Assert.Equal([i, -i, i * 0.5], all.AsSpan(i * 3, 3).ToArray());
        }

        Assert.All(statuses[Entities..], s => Assert.Equal(FeatureReadStatus.Missing, s));
    }

    [SkippableFact]
    public async Task Vectors_past_the_time_to_live_read_as_missing()
    {
        IOnlineFeatureStore store = Create(Schema, TimeSpan.FromHours(1));
        DateTimeOffset now = Now;
        double[] v = new double[3];

        // Already past the time to live when written: it replaces what was there, and the entity reads as missing.
        Assert.Equal(FeatureWriteOutcome.Written, await store.WriteAsync("old", now - TimeSpan.FromHours(2), new double[] { 1, 1, 1 }));
        Assert.Equal(FeatureReadStatus.Missing, await store.ReadAsync("old", v, now, TimeSpan.FromDays(1)));
        // An older write, already past the time to live, never replaces a vector still within it.
        await store.WriteAsync("replaced", now - TimeSpan.FromMinutes(30), new double[] { 1, 1, 1 });
        Assert.Equal(FeatureWriteOutcome.Ignored, await store.WriteAsync("replaced", now - TimeSpan.FromHours(2), new double[] { 2, 2, 2 }));
        Assert.Equal(FeatureReadStatus.Stale, await store.ReadAsync("replaced", v, now, FiveMinutes));

        // Within it: kept, and stale or fresh by the reader's own maximum age.
        Assert.Equal(FeatureWriteOutcome.Written, await store.WriteAsync("recent", now - TimeSpan.FromMinutes(30), new double[] { 3, 3, 3 }));
        Assert.Equal(FeatureReadStatus.Stale, await store.ReadAsync("recent", v, now, FiveMinutes));
        Assert.Equal([3.0, 3, 3], v);

        // Once an entity's vector is gone, any write within the time to live lands.
        Assert.Equal(FeatureWriteOutcome.Written, await store.WriteAsync("old", now - TimeSpan.FromMinutes(50), new double[] { 4, 4, 4 }));
        Assert.Equal(FeatureReadStatus.Stale, await store.ReadAsync("old", v, now, FiveMinutes));
        Assert.Equal([4.0, 4, 4], v);
    }

    [SkippableFact]
    public async Task Values_are_kept_bit_for_bit()
    {
        IOnlineFeatureStore store = Create(Schema);
        double payloadNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF);
        double[][] vectors =
        [
            [double.NaN, double.PositiveInfinity, double.NegativeInfinity],
            [payloadNaN, -0.0, double.Epsilon],
            [double.MaxValue, double.MinValue, 1e-310],
        ];
        DateTimeOffset t0 = Now;
        for (int i = 0; i < vectors.Length; i++)
        {
            await store.WriteAsync($"e{i}", t0, vectors[i]);
        }

        double[] v = new double[3];
        for (int i = 0; i < vectors.Length; i++)
        {
            await store.ReadAsync($"e{i}", v, t0, FiveMinutes);
            Assert.Equal(vectors[i].Select(BitConverter.DoubleToInt64Bits), v.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [SkippableFact]
    public async Task Any_well_formed_key_up_to_the_limit_is_its_own_entity()
    {
        IOnlineFeatureStore store = Create(Schema);
        string[] keys = ["ünïcödé-🎲", "with:colons:and spaces", "a", "A", new string('k', OnlineFeatureStoreLimits.MaxEntityLength), "\u00e9", "e\u0301"];
        DateTimeOffset t0 = Now;
        for (int i = 0; i < keys.Length; i++)
        {
            await store.WriteAsync(keys[i], t0, new double[] { i, i, i });
        }

        double[] v = new double[3];
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.Equal(FeatureReadStatus.Fresh, await store.ReadAsync(keys[i], v, t0, FiveMinutes));
            Assert.Equal(i, v[0]);
        }
    }

    [SkippableFact]
    public async Task Bad_input_is_refused_before_anything_is_written()
    {
        IOnlineFeatureStore store = Create(Schema);
        DateTimeOffset t0 = Now;
        double[] ok = [1, 2, 3];
        string tooLong = new('k', OnlineFeatureStoreLimits.MaxEntityLength + 1);
        string loneSurrogate = "card-\ud800";
        Assert.Equal("entity", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.WriteAsync("", t0, ok))).ParamName);
        Assert.Equal("entity", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.WriteAsync(null!, t0, ok))).ParamName);
        Assert.Equal("entity", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.WriteAsync(tooLong, t0, ok))).ParamName);
        Assert.Equal("entity", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.WriteAsync(loneSurrogate, t0, ok))).ParamName);
        Assert.Equal("vector", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.WriteAsync("e", t0, new double[2]))).ParamName);
        Assert.Equal("entity", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.ReadAsync(tooLong, new double[3], t0, FiveMinutes))).ParamName);
        Assert.Equal("destination", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.ReadAsync("e", new double[2], t0, FiveMinutes))).ParamName);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ReadAsync("e", new double[3], t0, TimeSpan.FromSeconds(-1)));

        // One bad write in a batch: it is named, and none of the batch lands.
        FeatureVectorWrite[] batch = [new("good-1", t0, ok), new("good-2", t0, ok), new(loneSurrogate, t0, ok)];
        ArgumentException error = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.WriteManyAsync(batch, new FeatureWriteOutcome[3]));
        Assert.Equal("writes", error.ParamName);
        Assert.Contains("Entity 2", error.Message, StringComparison.Ordinal);
        FeatureVectorWrite[] shortVector = [new("good-1", t0, ok), new("good-2", t0, new double[4])];
        Assert.Equal("writes", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.WriteManyAsync(shortVector, new FeatureWriteOutcome[2]))).ParamName);
        Assert.Equal("outcomes", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.WriteManyAsync([new("good-1", t0, ok)], Memory<FeatureWriteOutcome>.Empty))).ParamName);
        var statuses = new FeatureReadStatus[2];
        await store.ReadManyAsync(["good-1", "good-2"], new double[6], statuses, t0, FiveMinutes);
        Assert.Equal([FeatureReadStatus.Missing, FeatureReadStatus.Missing], statuses);

        Assert.Equal("entities", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.ReadManyAsync(["a", ""], new double[6], statuses, t0, FiveMinutes))).ParamName);
        Assert.Equal("destination", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.ReadManyAsync(["a", "b"], new double[5], statuses, t0, FiveMinutes))).ParamName);
        Assert.Equal("statuses", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.ReadManyAsync(["a", "b"], new double[6], new FeatureReadStatus[1], t0, FiveMinutes))).ParamName);
    }

    [SkippableFact]
    public async Task Concurrent_writers_leave_the_newest_vector()
    {
        IOnlineFeatureStore store = Create(Schema);
        DateTimeOffset t0 = Now;
        const int Writes = 2_000;

        // Event times in a shuffled order, so the newest is not simply the last one sent.
        int[] order = [.. Enumerable.Range(0, Writes).OrderBy(i => (i * 7919) % Writes)];
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
            await store.WriteAsync($"e{i % 4}", t0.AddTicks(i), new double[] { i, i, i }, cancellationToken));
        double[] v = new double[3];
        for (int e = 0; e < 4; e++)
        {
            await store.ReadAsync($"e{e}", v, t0, TimeSpan.MaxValue);
            Assert.Equal(Writes - 4 + e, v[0]);
        }
    }

    [SkippableFact]
    public void The_store_behaves_as_a_dictionary_with_an_event_time_guard()
    {
        IOnlineFeatureStore probe = Create(Schema);
        Assert.Equal(3, probe.Width);
        DateTimeOffset t0 = Now;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(Gen.Choose(0, 30).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9_999), n)).ToArbitrary(), operations =>
        {
            IOnlineFeatureStore store = Create(Schema);
            var model = new Dictionary<string, (long Ticks, long Sequence, double Value)>();
            foreach (int operation in operations)
            {
                int code = operation;
                string entity = $"e{code % 5}";
                long ticks = (code / 5) % 40;
                long sequence = (code / 200) % 3;
                if (code % 3 != 0)
                {
                    bool newer = !model.TryGetValue(entity, out var held) || held.Ticks < ticks || (held.Ticks == ticks && held.Sequence < sequence);
                    var outcomes = new FeatureWriteOutcome[1];
                    store.WriteManyAsync([new(entity, t0.AddTicks(ticks), new double[] { code, ticks, -code }, sequence)], outcomes).AsTask().GetAwaiter().GetResult();
                    FeatureWriteOutcome outcome = outcomes[0];
                    Assert.Equal(newer ? FeatureWriteOutcome.Written : FeatureWriteOutcome.Ignored, outcome);
                    if (newer)
                    {
                        model[entity] = (ticks, sequence, code);
                    }
                }
                else
                {
                    string[] entities = [.. Enumerable.Range(0, 5).Select(k => $"e{k}")];
                    double[] all = new double[15];
                    var statuses = new FeatureReadStatus[5];
                    store.ReadManyAsync(entities, all, statuses, t0, TimeSpan.MaxValue).AsTask().GetAwaiter().GetResult();
                    for (int k = 0; k < 5; k++)
                    {
                        Assert.Equal(model.ContainsKey(entities[k]) ? FeatureReadStatus.Fresh : FeatureReadStatus.Missing, statuses[k]);
                        if (model.TryGetValue(entities[k], out var expected))
                        {
                            Assert.Equal(expected.Value, all[k * 3]);
                            Assert.Equal(expected.Ticks, all[(k * 3) + 1]);
                        }
                    }
                }
            }
        }));
    }
}
