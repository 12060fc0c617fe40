using MlSystems.Features.Worker;
using StackExchange.Redis;

namespace MlSystems.Features.Tests.Streams;

/// <summary>The Redis Streams event log: order kept, reads exclusive of the position they resume after, trimming up to a checkpoint, bounded payloads; and the partitioner every host shares.</summary>
public sealed class RedisFeatureEventLogTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Reads_resume_after_a_position_in_order_and_a_commit_acknowledges_and_trims()
    {
        var harness = new StreamHarness();
        byte[][] payloads = [.. Enumerable.Range(0, 250).Select(i => new[] { (byte)i, (byte)(i >> 8) })];
        await harness.Log.AppendAsync(2, [.. payloads.Select(p => (ReadOnlyMemory<byte>)p)]);
        PartitionLease lease = (await harness.Coordinator.TryAcquireAsync(2, "reader", Lease))!;
        List<FeatureStreamRecord> read = await ReadAllAsync(harness, lease, after: null);
        Assert.Equal(payloads.Select(p => p.AsEnumerable()), read.Select(r => r.Payload.ToArray().AsEnumerable()));

        // Read again from a position: what follows it, whether delivered before or not.
        Assert.Equal(read.Skip(100).Select(r => r.Position), (await ReadAllAsync(harness, lease, read[99].Position)).Select(r => r.Position));
        Assert.Equal(250, (await harness.Redis.GetDatabase().StreamPendingAsync(StreamKey(harness, 2), "processors")).PendingMessageCount);

        await harness.Log.CommitAsync(lease, read[99].Position, trim: true);
        Assert.Equal(150, (await harness.Redis.GetDatabase().StreamPendingAsync(StreamKey(harness, 2), "processors")).PendingMessageCount);
        Assert.Equal(151, await harness.Redis.GetDatabase().StreamLengthAsync(StreamKey(harness, 2)));
        Assert.Equal(read.Skip(100).Select(r => r.Position), (await ReadAllAsync(harness, lease, read[99].Position)).Select(r => r.Position));
        PartitionLease empty = (await harness.Coordinator.TryAcquireAsync(5, "reader", Lease))!;
        Assert.Empty(await harness.Log.ReadAsync(empty, null, 10));
    }

    [SkippableFact]
    public async Task A_successor_reads_what_a_dead_holder_was_delivered_and_the_dead_holder_reads_nothing()
    {
        var harness = new StreamHarness();
        await harness.Log.AppendAsync(1, [.. Enumerable.Range(0, 30).Select(i => (ReadOnlyMemory<byte>)new[] { (byte)i })]);
        PartitionLease dead = (await harness.Coordinator.TryAcquireAsync(1, "dead", Lease))!;
        IReadOnlyList<FeatureStreamRecord> first = await harness.Log.ReadAsync(dead, null, 10);
        IReadOnlyList<FeatureStreamRecord> second = await harness.Log.ReadAsync(dead, first[^1].Position, 10);

        // The holder dies after a checkpoint at entry 9 and before committing it, holding entries 10 to 19 undone.
        await harness.DeleteLeasesAsync();
        PartitionLease successor = (await harness.Coordinator.TryAcquireAsync(1, "successor", Lease))!;
        await Assert.ThrowsAsync<PartitionFencedException>(async () => await harness.Log.ReadAsync(dead, second[^1].Position, 10));

        // Taking over, the successor commits what the checkpoint covers: entries 0 to 9 are no longer pending.
        await harness.Log.CommitAsync(successor, first[^1].Position, trim: false);
        Assert.Equal(10, (await harness.Redis.GetDatabase().StreamPendingAsync(StreamKey(harness, 1), "processors")).PendingMessageCount);
        List<FeatureStreamRecord> resumed = await ReadAllAsync(harness, successor, first[^1].Position);
        Assert.Equal(Enumerable.Range(10, 20).Select(i => (byte)i), resumed.Select(r => r.Payload.Span[0]));

        // The pending entries moved to the successor, and its next commit clears them and the spent consumer.
        StreamPendingInfo pending = await harness.Redis.GetDatabase().StreamPendingAsync(StreamKey(harness, 1), "processors");
        Assert.Equal(20, pending.PendingMessageCount);
        Assert.Equal(["successor"], pending.Consumers.Select(c => (string)c.Name!));
        await harness.Log.CommitAsync(successor, resumed[^1].Position, trim: false);
        Assert.Equal(0, (await harness.Redis.GetDatabase().StreamPendingAsync(StreamKey(harness, 1), "processors")).PendingMessageCount);
        Assert.Equal(["successor"], (await harness.Redis.GetDatabase().StreamConsumerInfoAsync(StreamKey(harness, 1), "processors")).Select(c => (string)c.Name!));
    }

    private static async Task<List<FeatureStreamRecord>> ReadAllAsync(StreamHarness harness, PartitionLease lease, string? after)
    {
        var read = new List<FeatureStreamRecord>();
        while (await harness.Log.ReadAsync(lease, after, 64) is { Count: > 0 } batch)
        {
            read.AddRange(batch);
            after = batch[^1].Position;
        }

        return read;
    }

    private static string StreamKey(StreamHarness harness, int partition) => $"{harness.Prefix}streams:{{{StreamPlan.Features.Name}:{partition}}}:events";

    [SkippableFact]
    public async Task Bad_payloads_and_partitions_are_refused_before_anything_is_appended()
    {
        var harness = new StreamHarness();
        ArgumentException empty = await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Log.AppendAsync(0, [new byte[] { 1 }, ReadOnlyMemory<byte>.Empty]));
        Assert.Contains("Payload 1", empty.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Log.AppendAsync(0, [new byte[MlSystems.Features.Redis.RedisFeatureEventLog.MaxPayloadBytes + 1]]));
        PartitionLease lease = (await harness.Coordinator.TryAcquireAsync(0, "reader", Lease))!;
        Assert.Empty(await harness.Log.ReadAsync(lease, null, 10));
        Assert.Equal("partition", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await harness.Log.ReadAsync(lease with { Partition = -1 }, null, 10))).ParamName);
        Assert.Equal("maxCount", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await harness.Log.ReadAsync(lease, null, 0))).ParamName);
        Assert.Equal("after", (await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Log.ReadAsync(lease, "not-an-id", 10))).ParamName);
        Assert.Equal("upTo", (await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Log.CommitAsync(lease, "12", trim: true))).ParamName);

        ArgumentException keyless = await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Producer.PublishAsync([new StreamEvent("a", StreamPlan.Start, 1, null), new StreamEvent("", StreamPlan.Start, 1, null)]));
        Assert.Contains("Event 1", keyless.Message, StringComparison.Ordinal);
        for (int p = 0; p < StreamPlan.Partitions; p++)
        {
            Assert.Equal(0, await harness.Redis.GetDatabase().StreamLengthAsync(StreamKey(harness, p)));
        }
    }

    [Fact]
    public void The_partition_of_a_key_is_fixed_for_every_host_and_version()
    {
        // Pinned, as Debian's python3-xxhash computes it (xxh3_64_intdigest(key.encode('utf-16-le')) % 16): a change would
        // send an entity's events to another partition than the one holding its state.
        Assert.Equal([11, 4, 1, 14], new[] { "card-1", "card-2", "user:42", "\ud800" }.Select(k => FeatureStreamPartitioner.PartitionOf(k, 16)));
        int[] spread = new int[16];
        for (int i = 0; i < 16_000; i++)
        {
            spread[FeatureStreamPartitioner.PartitionOf($"entity-{i}", 16)]++;
        }

        Assert.All(spread, n => Assert.InRange(n, 850, 1_150));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureStreamPartitioner.PartitionOf("k", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureStreamPartitioner.PartitionOf("k", FeatureStreamPartitioner.MaxPartitions + 1));
        Assert.Throws<ArgumentException>(() => FeatureStreamPartitioner.PartitionOf("", 4));
    }
}
