using MlSystems.Features.Worker;

namespace MlSystems.Features.Tests.Streams;

/// <summary>The Redis Streams event log: order kept, reads exclusive of the position they resume after, trimming up to a checkpoint, bounded payloads; and the partitioner every host shares.</summary>
public sealed class RedisFeatureEventLogTests
{
    [SkippableFact]
    public async Task Reads_resume_after_a_position_in_order_and_trimming_keeps_what_follows()
    {
        var harness = new StreamHarness();
        byte[][] payloads = [.. Enumerable.Range(0, 250).Select(i => new[] { (byte)i, (byte)(i >> 8) })];
        await harness.Log.AppendAsync(2, [.. payloads.Select(p => (ReadOnlyMemory<byte>)p)]);
        var read = new List<FeatureStreamRecord>();
        string? after = null;
        while (await harness.Log.ReadAsync(2, after, 64) is { Count: > 0 } batch)
        {
            read.AddRange(batch);
            after = batch[^1].Position;
        }

        Assert.Equal(payloads.Select(p => p.AsEnumerable()), read.Select(r => r.Payload.ToArray().AsEnumerable()));
        await harness.Log.TrimAsync(2, read[99].Position);
        IReadOnlyList<FeatureStreamRecord> remaining = await harness.Log.ReadAsync(2, null, 1_000);
        Assert.Equal(read[99].Position, remaining[0].Position);
        Assert.Equal(151, remaining.Count);
        Assert.Empty(await harness.Log.ReadAsync(5, null, 10));
    }

    [SkippableFact]
    public async Task Bad_payloads_and_partitions_are_refused_before_anything_is_appended()
    {
        var harness = new StreamHarness();
        ArgumentException empty = await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Log.AppendAsync(0, [new byte[] { 1 }, ReadOnlyMemory<byte>.Empty]));
        Assert.Contains("Payload 1", empty.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Log.AppendAsync(0, [new byte[MlSystems.Features.Redis.RedisFeatureEventLog.MaxPayloadBytes + 1]]));
        Assert.Empty(await harness.Log.ReadAsync(0, null, 10));
        Assert.Equal("partition", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await harness.Log.ReadAsync(-1, null, 10))).ParamName);
        Assert.Equal("maxCount", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await harness.Log.ReadAsync(0, null, 0))).ParamName);

        ArgumentException keyless = await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Producer.PublishAsync([new StreamEvent("a", StreamPlan.Start, 1, null), new StreamEvent("", StreamPlan.Start, 1, null)]));
        Assert.Contains("Event 1", keyless.Message, StringComparison.Ordinal);
        for (int p = 0; p < StreamPlan.Partitions; p++)
        {
            Assert.Empty(await harness.Log.ReadAsync(p, null, 10));
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
