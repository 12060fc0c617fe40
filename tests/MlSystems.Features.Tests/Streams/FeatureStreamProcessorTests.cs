using Microsoft.Extensions.Time.Testing;
using MlSystems.Features.Worker;

namespace MlSystems.Features.Tests.Streams;

/// <summary>
/// Processors sharing a Redis stream in one process, stepped by hand on a fake clock: every partition owned by exactly
/// one, rebalanced as processors join and leave, every event counted once, and the store ending with the vectors one
/// engine replaying the whole stream gives.
/// </summary>
public sealed class FeatureStreamProcessorTests
{
    // A third of the harness's lease: a processor's next round after it heartbeats and rebalances.
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMinutes(2);

    private readonly FakeTimeProvider clock = new(StreamPlan.Start);

    [SkippableFact]
    public async Task One_processor_ends_with_the_replay_and_counts_every_event_once()
    {
        var harness = new StreamHarness();
        StreamEvent[] events = StreamPlan.Events(seed: 3, count: 3_000, entities: 400);
        await harness.Producer.PublishAsync(events);
        var processor = harness.Processor("solo", clock);

        while (await processor.StepAsync() > 0)
        {
        }

        Assert.Equal(Enumerable.Range(0, StreamPlan.Partitions), processor.OwnedPartitions);
        await AssertEndsWithReplayAsync(harness, events);
        Assert.Equal(events.Length, processor.Counters.Events);
        Assert.Equal(0, processor.Counters.Undecodable);
    }

    [SkippableFact]
    public async Task Processors_joining_and_leaving_share_the_partitions_without_overlap_or_loss()
    {
        var harness = new StreamHarness();
        StreamEvent[] events = StreamPlan.Events(seed: 5, count: 4_000, entities: 500);
        await harness.Producer.PublishAsync(events[..1_500]);
        var first = harness.Processor("first", clock);
        await first.StepAsync();
        Assert.Equal(StreamPlan.Partitions, first.OwnedPartitions.Count);

        // A second joins halfway to the first's next heartbeat, where the first hands over (after a checkpoint) the
        // partitions the second should own; the second takes them in its very next round, its own heartbeat not yet due.
        clock.Advance(HeartbeatInterval / 2);
        var second = harness.Processor("second", clock);
        await second.StepAsync();
        Assert.Empty(second.OwnedPartitions);
        clock.Advance(HeartbeatInterval / 2);
        await first.StepAsync();
        Assert.True(first.OwnedPartitions.Count < StreamPlan.Partitions);
        await second.StepAsync();
        Assert.Equal(StreamPlan.Partitions, first.OwnedPartitions.Count + second.OwnedPartitions.Count);
        await harness.Producer.PublishAsync(events[1_500..3_000]);
        clock.Advance(HeartbeatInterval);
        for (int round = 0; round < 50; round++)
        {
            await first.StepAsync();
            await second.StepAsync();
        }

        Assert.NotEmpty(first.OwnedPartitions);
        Assert.NotEmpty(second.OwnedPartitions);
        Assert.Empty(first.OwnedPartitions.Intersect(second.OwnedPartitions));
        Assert.Equal(StreamPlan.Partitions, first.OwnedPartitions.Count + second.OwnedPartitions.Count);
        Assert.True(first.Counters.PartitionsReleased > 0);

        // The first stops cleanly: the second takes everything at its next heartbeat, with no lease left to expire.
        await first.StopAsync(CancellationToken.None);
        await harness.Producer.PublishAsync(events[3_000..]);
        clock.Advance(HeartbeatInterval);
        while (await second.StepAsync() > 0)
        {
        }

        Assert.Equal(Enumerable.Range(0, StreamPlan.Partitions), second.OwnedPartitions);
        await AssertEndsWithReplayAsync(harness, events);
    }

    [SkippableFact]
    public async Task A_processor_that_lost_its_lease_is_refused_and_drops_the_partition()
    {
        var harness = new StreamHarness();
        StreamEvent[] events = StreamPlan.Events(seed: 7, count: 1_000, entities: 100);
        await harness.Producer.PublishAsync(events[..500]);
        var paused = harness.Processor("paused", clock, new FeatureStreamProcessorOptions { BatchSize = 10, CheckpointInterval = TimeSpan.Zero });
        await paused.StepAsync();
        Assert.Equal(StreamPlan.Partitions, paused.OwnedPartitions.Count);

        // Its leases expire while it pauses (deleted here, as the server would), and another processor takes over.
        await harness.DeleteLeasesAsync();
        var other = harness.Processor("other", clock);
        await other.StepAsync();
        Assert.NotEmpty(other.OwnedPartitions);

        // Back, the paused one finds every read fenced off: the partitions the other took, and those whose lease is
        // simply gone.
        await paused.StepAsync();
        Assert.Empty(paused.OwnedPartitions);
        Assert.Equal(StreamPlan.Partitions, paused.Counters.PartitionsLost);

        // At its next heartbeat it takes its share again, from the checkpoints.
        await harness.Producer.PublishAsync(events[500..]);
        clock.Advance(HeartbeatInterval);
        while (await paused.StepAsync() + await other.StepAsync() > 0)
        {
        }

        Assert.Equal(StreamPlan.Partitions, paused.OwnedPartitions.Count + other.OwnedPartitions.Count);

        await AssertEndsWithReplayAsync(harness, events);
    }

    [SkippableFact]
    public async Task An_event_that_cannot_be_read_is_skipped_counted_and_the_rest_processed()
    {
        var harness = new StreamHarness();
        StreamEvent[] events = StreamPlan.Events(seed: 11, count: 200, entities: 20);
        await harness.Log.AppendAsync(0, [new byte[] { (byte)'{', (byte)'x' }]);

        // Valid JSON whose entity key no store takes: it would fail every retry of its batch if it were not skipped.
        await harness.Log.AppendAsync(1, [StreamPlan.Codec.Encode(new StreamEvent(new string('k', OnlineFeatureStoreLimits.MaxEntityLength + 1), StreamPlan.Start, 1, null))]);
        await harness.Producer.PublishAsync(events);
        var processor = harness.Processor("reader", clock);
        while (await processor.StepAsync() > 0)
        {
        }

        Assert.Equal(2, processor.Counters.Undecodable);
        await AssertEndsWithReplayAsync(harness, events);
    }

    [SkippableFact]
    public async Task A_partition_that_cannot_be_restored_is_left_and_the_others_go_on()
    {
        var harness = new StreamHarness();
        StreamEvent[] events = StreamPlan.Events(seed: 13, count: 1_000, entities: 100);
        await harness.Producer.PublishAsync(events);

        // Partition 0 holds a checkpoint of another feature set, as after a definition change without a rebuild.
        PartitionLease earlier = (await harness.Coordinator.TryAcquireAsync(0, "earlier", TimeSpan.FromMinutes(1)))!;
        var other = new FeatureEngine<StreamEvent>(new FeatureSetBuilder<StreamEvent>("other", e => e.Entity, e => e.Time).Row("amount", e => e.Amount).Build());
        var state = new MemoryStream();
        other.WriteSnapshot(state);
        Assert.True(await harness.Coordinator.WriteCheckpointAsync(earlier, new PartitionCheckpoint("0-1", state.ToArray()), TimeSpan.FromMinutes(1)));
        await harness.Coordinator.ReleaseAsync(earlier);

        var processor = harness.Processor("survivor", clock);
        while (await processor.StepAsync() > 0)
        {
        }

        Assert.Equal(Enumerable.Range(1, StreamPlan.Partitions - 1), processor.OwnedPartitions);
        StreamEvent[] elsewhere = [.. events.Where(e => FeatureStreamPartitioner.PartitionOf(e.Entity, StreamPlan.Partitions) != 0)];
        Dictionary<string, long[]> expected = StreamHarness.Replay(elsewhere);
        Dictionary<string, long[]?> stored = await harness.StoredAsync([.. expected.Keys]);
        Assert.All(expected, p => Assert.True(stored[p.Key] is { } bits && bits.SequenceEqual(p.Value), p.Key));
        Assert.Equal(elsewhere.Length, processor.Counters.Events);

        // The lease it could not use was given back, for an operator or a processor of the other definition.
        Assert.NotNull(await harness.Coordinator.TryAcquireAsync(0, "operator", TimeSpan.FromMinutes(1)));
    }

    [SkippableFact]
    public async Task Reads_pause_while_checkpoints_fail_and_resume_when_one_lands()
    {
        var harness = new StreamHarness();
        StreamEvent[] events = StreamPlan.Events(seed: 19, count: 2_000, entities: 200);
        await harness.Producer.PublishAsync(events);
        var failing = new FailingCheckpoints(harness.Coordinator);
        var processor = new FeatureStreamProcessor<StreamEvent>(
            StreamPlan.Features, harness.Log, failing, harness.Store, StreamPlan.Codec,
            new FeatureStreamProcessorOptions { ProcessorId = "stuck", BatchSize = 50, CheckpointInterval = TimeSpan.Zero, LeaseDuration = TimeSpan.FromMinutes(5) },
            clock);
        await processor.StepAsync();
        long first = processor.Counters.Events;
        Assert.Equal(StreamPlan.Partitions * 50, first);

        // Within a lease of the last checkpoint, reading goes on; past it, a round only retries the checkpoint.
        await processor.StepAsync();
        Assert.Equal(2 * first, processor.Counters.Events);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await processor.StepAsync());
        Assert.Equal(2 * first, processor.Counters.Events);

        failing.Fail = false;
        Assert.Equal(0, await processor.StepAsync());
        while (await processor.StepAsync() > 0)
        {
        }

        await AssertEndsWithReplayAsync(harness, events);
    }

    /// <summary>A coordinator whose checkpoint writes throw while <see cref="Fail"/> is set, as during a server outage.</summary>
    private sealed class FailingCheckpoints(IPartitionCoordinator inner) : IPartitionCoordinator
    {
        public bool Fail { get; set; } = true;

        public ValueTask<IReadOnlyList<string>> HeartbeatAsync(string processor, TimeSpan timeToLive, CancellationToken cancellationToken = default) => inner.HeartbeatAsync(processor, timeToLive, cancellationToken);

        public ValueTask LeaveAsync(string processor, CancellationToken cancellationToken = default) => inner.LeaveAsync(processor, cancellationToken);

        public ValueTask<PartitionLease?> TryAcquireAsync(int partition, string owner, TimeSpan duration, CancellationToken cancellationToken = default) => inner.TryAcquireAsync(partition, owner, duration, cancellationToken);

        public ValueTask<bool> RenewAsync(PartitionLease lease, TimeSpan duration, CancellationToken cancellationToken = default) => inner.RenewAsync(lease, duration, cancellationToken);

        public ValueTask ReleaseAsync(PartitionLease lease, CancellationToken cancellationToken = default) => inner.ReleaseAsync(lease, cancellationToken);

        public ValueTask<PartitionCheckpoint?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) => inner.ReadCheckpointAsync(partition, cancellationToken);

        public ValueTask<bool> WriteCheckpointAsync(PartitionLease lease, PartitionCheckpoint checkpoint, TimeSpan duration, CancellationToken cancellationToken = default) =>
            Fail ? throw new IOException("The checkpoint store is down.") : inner.WriteCheckpointAsync(lease, checkpoint, duration, cancellationToken);
    }

    [Fact]
    public void Invalid_options_are_refused_by_name()
    {
        (FeatureStreamProcessorOptions Options, string Name)[] cases =
        [
            (new() { ProcessorId = "a|b" }, "ProcessorId"),
            (new() { ProcessorId = " " }, "ProcessorId"),
            (new() { LeaseDuration = TimeSpan.FromMilliseconds(10) }, "LeaseDuration"),
            (new() { BatchSize = 0 }, "BatchSize"),
            (new() { BatchSize = 10_001 }, "BatchSize"),
            (new() { CheckpointInterval = TimeSpan.FromSeconds(20) }, "CheckpointInterval"),
            (new() { PollInterval = TimeSpan.Zero }, "PollInterval"),
        ];
        var store = new InMemoryOnlineFeatureStore(StreamPlan.Features.Width);
        foreach ((FeatureStreamProcessorOptions options, string name) in cases)
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => new FeatureStreamProcessor<StreamEvent>(StreamPlan.Features, new NoLog(), new NoCoordinator(), store, StreamPlan.Codec, options));
            Assert.Equal(name, error.ParamName);
        }

        ArgumentException width = Assert.Throws<ArgumentException>(() => new FeatureStreamProcessor<StreamEvent>(StreamPlan.Features, new NoLog(), new NoCoordinator(), new InMemoryOnlineFeatureStore(2), StreamPlan.Codec));
        Assert.Equal("store", width.ParamName);
    }

    private sealed class NoLog : IFeatureEventLog
    {
        public int PartitionCount => StreamPlan.Partitions;

        public ValueTask AppendAsync(int partition, IReadOnlyList<ReadOnlyMemory<byte>> payloads, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<FeatureStreamRecord>> ReadAsync(PartitionLease lease, string? after, int maxCount, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask CommitAsync(PartitionLease lease, string upTo, bool trim, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class NoCoordinator : IPartitionCoordinator
    {
        public ValueTask<IReadOnlyList<string>> HeartbeatAsync(string processor, TimeSpan timeToLive, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask LeaveAsync(string processor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<PartitionLease?> TryAcquireAsync(int partition, string owner, TimeSpan duration, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<bool> RenewAsync(PartitionLease lease, TimeSpan duration, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask ReleaseAsync(PartitionLease lease, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<PartitionCheckpoint?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<bool> WriteCheckpointAsync(PartitionLease lease, PartitionCheckpoint checkpoint, TimeSpan duration, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private static async Task AssertEndsWithReplayAsync(StreamHarness harness, StreamEvent[] events)
    {
        Dictionary<string, long[]> expected = StreamHarness.Replay(events);
        Dictionary<string, long[]?> stored = await harness.StoredAsync([.. expected.Keys]);
        foreach ((string entity, long[] bits) in expected)
        {
            Assert.True(stored[entity] is not null, $"No vector for {entity}.");
            Assert.True(bits.SequenceEqual(stored[entity]!), $"The vector of {entity} differs from the replay: {string.Join(",", bits.Select(BitConverter.Int64BitsToDouble))} vs {string.Join(",", stored[entity]!.Select(BitConverter.Int64BitsToDouble))}; events {string.Join(" ", events.Where(e => e.Entity == entity).Select(e => $"{e.Time:HH:mm:ss}/{e.Amount}"))}");
        }

        (FeatureEngineCounters counted, string?[] positions) = await harness.CheckpointedAsync();
        Assert.Equal(StreamHarness.ReplayCounters(events), (counted.Events, counted.Late, counted.Duplicates));
        Assert.Equal(await harness.LastPositionsAsync(), positions);
    }
}
