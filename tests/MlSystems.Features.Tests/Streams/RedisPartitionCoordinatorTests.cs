using MlSystems.Features.Worker;
using StackExchange.Redis;

namespace MlSystems.Features.Tests.Streams;

/// <summary>Leases with fencing tokens, checkpoints written only under the current lease, and membership by heartbeat, on a real Redis.</summary>
public sealed class RedisPartitionCoordinatorTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task A_lease_is_held_by_one_owner_and_each_acquisition_raises_the_token()
    {
        var harness = new StreamHarness();
        PartitionLease first = (await harness.Coordinator.TryAcquireAsync(3, "a", Lease))!;
        Assert.Null(await harness.Coordinator.TryAcquireAsync(3, "b", Lease));
        Assert.True(await harness.Coordinator.RenewAsync(first, Lease));

        // The same owner taking it again (a restart under the same id) gets a higher token, which fences the first run.
        PartitionLease second = (await harness.Coordinator.TryAcquireAsync(3, "a", Lease))!;
        Assert.True(second.Token > first.Token);
        Assert.False(await harness.Coordinator.RenewAsync(first, Lease));
        Assert.False(await harness.Coordinator.WriteCheckpointAsync(first, new PartitionCheckpoint("1-0", new byte[] { 1 }), Lease));

        await harness.Coordinator.ReleaseAsync(first, default);
        Assert.Null(await harness.Coordinator.TryAcquireAsync(3, "b", Lease));
        await harness.Coordinator.ReleaseAsync(second, default);
        PartitionLease third = (await harness.Coordinator.TryAcquireAsync(3, "b", Lease))!;
        Assert.True(third.Token > second.Token);
    }

    [SkippableFact]
    public async Task A_checkpoint_is_written_only_under_the_current_lease_and_read_back_whole()
    {
        var harness = new StreamHarness();
        Assert.Null(await harness.Coordinator.ReadCheckpointAsync(0));
        PartitionLease zombie = (await harness.Coordinator.TryAcquireAsync(0, "zombie", Lease))!;
        byte[] state = [.. Enumerable.Range(0, 100_000).Select(i => (byte)i)];
        Assert.True(await harness.Coordinator.WriteCheckpointAsync(zombie, new PartitionCheckpoint("5-1", state), Lease));

        // The lease expires while its holder pauses (deleted here, as the server does) and another takes the partition.
        await harness.DeleteLeasesAsync();
        Assert.False(await harness.Coordinator.WriteCheckpointAsync(zombie, new PartitionCheckpoint("9-0", new byte[] { 9 }), Lease));
        PartitionLease successor = (await harness.Coordinator.TryAcquireAsync(0, "successor", Lease))!;
        Assert.False(await harness.Coordinator.WriteCheckpointAsync(zombie, new PartitionCheckpoint("9-0", new byte[] { 9 }), Lease));

        PartitionCheckpoint read = (await harness.Coordinator.ReadCheckpointAsync(0))!;
        Assert.Equal("5-1", read.Position);
        Assert.Equal(state, read.State.ToArray());
        Assert.True(await harness.Coordinator.WriteCheckpointAsync(successor, new PartitionCheckpoint("7-3", new byte[] { 7 }), Lease));
        PartitionCheckpoint latest = (await harness.Coordinator.ReadCheckpointAsync(0))!;
        Assert.Equal("7-3", latest.Position);
        Assert.Equal([7], latest.State.ToArray());
    }

    [SkippableFact]
    public async Task Heartbeats_list_the_live_members_in_order_and_a_leave_takes_effect_at_once()
    {
        var harness = new StreamHarness();
        await harness.Coordinator.HeartbeatAsync("m-b", Lease);
        await harness.Coordinator.HeartbeatAsync("m-a", Lease);
        Assert.Equal(["m-a", "m-b", "m-c"], await harness.Coordinator.HeartbeatAsync("m-c", Lease));
        await harness.Coordinator.LeaveAsync("m-b");
        Assert.Equal(["m-a", "m-c"], await harness.Coordinator.HeartbeatAsync("m-a", Lease));

        // A member whose heartbeat is past its time to live is dropped by the next heartbeat (its score set back here).
        await harness.Redis.GetDatabase().SortedSetAddAsync($"{harness.Prefix}streams:{{{StreamPlan.Features.Name}}}:members", "m-c", 1);
        Assert.Equal(["m-a"], await harness.Coordinator.HeartbeatAsync("m-a", Lease));
    }

    [SkippableFact]
    public async Task Bad_arguments_and_foreign_checkpoints_are_refused_by_name()
    {
        var harness = new StreamHarness();
        Assert.Equal("partition", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await harness.Coordinator.TryAcquireAsync(StreamPlan.Partitions, "a", Lease))).ParamName);
        Assert.Equal("owner", (await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Coordinator.TryAcquireAsync(0, "a|b", Lease))).ParamName);
        Assert.Equal("span", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await harness.Coordinator.TryAcquireAsync(0, "a", TimeSpan.Zero))).ParamName);
        PartitionLease lease = (await harness.Coordinator.TryAcquireAsync(1, "a", Lease))!;
        Assert.Equal("checkpoint", (await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Coordinator.WriteCheckpointAsync(lease, new PartitionCheckpoint("", new byte[1]), Lease))).ParamName);

        await harness.Redis.GetDatabase().StringSetAsync($"{harness.Prefix}streams:{{{StreamPlan.Features.Name}:1}}:checkpoint", "xy");
        await Assert.ThrowsAsync<InvalidDataException>(async () => await harness.Coordinator.ReadCheckpointAsync(1));
        Assert.Equal("featureSet", Assert.Throws<ArgumentException>(() => new MlSystems.Features.Redis.RedisPartitionCoordinator(harness.Redis, "a{b}")).ParamName);
        Assert.Equal("PartitionCount", Assert.Throws<ArgumentException>(() => new MlSystems.Features.Redis.RedisFeatureEventLog(harness.Redis, "s", new() { PartitionCount = 0 })).ParamName);
    }
}
