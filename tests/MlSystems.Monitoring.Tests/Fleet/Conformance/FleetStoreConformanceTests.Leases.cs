namespace MlSystems.Monitoring.Tests.Fleet.Conformance;

public abstract partial class FleetStoreConformanceTests
{
    [SkippableFact]
    public async Task A_lease_is_held_by_one_holder_until_it_lapses_and_the_next_holder_gets_a_newer_token()
    {
        FleetLease first = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        Assert.Equal(("fraud", "coordinator-1", Start + LeaseTime), (first.ModelName, first.Holder, first.ExpiresAt));
        Assert.Null(await Store.TryAcquireLeaseAsync("fraud", "coordinator-2", LeaseTime));

        Time.Advance(LeaseTime - TimeSpan.FromTicks(1));
        Assert.Null(await Store.TryAcquireLeaseAsync("fraud", "coordinator-2", LeaseTime));

        Time.Advance(TimeSpan.FromTicks(1));
        FleetLease second = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-2", LeaseTime))!;
        Assert.True(second.Token > first.Token);
        Assert.Equal(second, await Store.ReadLeaseAsync("fraud"));

        Assert.Null(await Store.RenewLeaseAsync(first, LeaseTime));
        await Store.ReleaseLeaseAsync(first);
        Assert.Equal(second, await Store.ReadLeaseAsync("fraud"));
        Assert.Null(await Store.ReadLeaseAsync("churn"));
    }

    [SkippableFact]
    public async Task The_holder_extends_its_own_lease_and_keeps_its_token_even_past_expiry_while_nobody_took_it()
    {
        FleetLease lease = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        Time.Advance(TimeSpan.FromSeconds(10));
        FleetLease again = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        Assert.Equal((lease.Token, Time.GetUtcNow() + LeaseTime), (again.Token, again.ExpiresAt));

        Time.Advance(TimeSpan.FromMinutes(5));
        FleetLease renewed = (await Store.RenewLeaseAsync(again, TimeSpan.FromMinutes(1)))!;
        Assert.Equal((lease.Token, Time.GetUtcNow() + TimeSpan.FromMinutes(1)), (renewed.Token, renewed.ExpiresAt));
        Assert.Null(await Store.TryAcquireLeaseAsync("fraud", "coordinator-2", LeaseTime));

        // A write under a lapsed but current lease is still the only writer's.
        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await Store.WritePlanAsync(renewed, 0, 1, new byte[] { 1 })).Revision);
    }

    [SkippableFact]
    public async Task A_lapsed_lease_taken_again_by_its_holder_gets_a_new_token()
    {
        FleetLease lease = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        Time.Advance(LeaseTime);
        FleetLease again = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        Assert.True(again.Token > lease.Token);
        Assert.Null(await Store.RenewLeaseAsync(lease, LeaseTime));
    }

    [SkippableFact]
    public async Task A_released_lease_is_taken_at_once_and_a_stale_release_changes_nothing()
    {
        FleetLease first = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        await Store.ReleaseLeaseAsync(first);
        Assert.Equal(Start, (await Store.ReadLeaseAsync("fraud"))!.ExpiresAt);

        FleetLease second = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-2", LeaseTime))!;
        Assert.True(second.Token > first.Token);
        await Store.ReleaseLeaseAsync(first);
        Assert.Null(await Store.TryAcquireLeaseAsync("fraud", "coordinator-3", LeaseTime));
        Assert.Equal(second, await Store.ReadLeaseAsync("fraud"));
    }

    [SkippableFact]
    public async Task Holders_racing_for_a_lapsed_lease_get_it_once()
    {
        FleetLease old = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-0", LeaseTime))!;
        Time.Advance(LeaseTime);

        FleetLease?[] won = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => Store.TryAcquireLeaseAsync("fraud", $"coordinator-{i}", LeaseTime))));

        FleetLease winner = Assert.Single(won, l => l is not null)!;
        Assert.True(winner.Token > old.Token);
        Assert.Equal(winner, await Store.ReadLeaseAsync("fraud"));
    }

    [SkippableFact]
    public async Task Plan_revisions_are_written_in_order_under_the_current_lease_and_kept_as_history()
    {
        FleetLease lease = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        Assert.Null(await Store.ReadPlanAsync("fraud"));

        FleetPlan first = await Store.WritePlanAsync(lease, 0, 1, new byte[] { 10 });
        Time.Advance(TimeSpan.FromSeconds(1));
        FleetPlan second = await Store.WritePlanAsync(lease, 1, 2, new byte[] { 20, 0, 21 });

        Assert.Equal((1L, 2L), (first.Revision, second.Revision));
        Assert.Equal(("fraud", 2, "coordinator-1", lease.Token, Start.AddSeconds(1)), (second.ModelName, second.FormatVersion, second.Holder, second.Token, second.WrittenAt));
        FleetPlan latest = (await Store.ReadPlanAsync("fraud"))!;
        Assert.Equal(2L, latest.Revision);
        Assert.Equal(new byte[] { 20, 0, 21 }, latest.Payload.ToArray());
        Assert.Equal([1L, 2L], (await Store.ReadPlanHistoryAsync("fraud", 0, 10)).Select(p => p.Revision));
        Assert.Equal([2L], (await Store.ReadPlanHistoryAsync("fraud", 1, 10)).Select(p => p.Revision));
        Assert.Equal([1L], (await Store.ReadPlanHistoryAsync("fraud", 0, 1)).Select(p => p.Revision));
        Assert.Empty(await Store.ReadPlanHistoryAsync("churn", 0, 10));
    }

    [SkippableFact]
    public async Task A_plan_write_under_a_stale_expected_revision_is_refused_but_a_repeat_of_the_last_write_returns_it()
    {
        FleetLease lease = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        FleetPlan written = await Store.WritePlanAsync(lease, 0, 1, new byte[] { 1 });

        FleetPlan repeated = await Store.WritePlanAsync(lease, 0, 1, new byte[] { 1 });
        Assert.Equal((written.Revision, written.WrittenAt), (repeated.Revision, repeated.WrittenAt));

        FleetPlanConflictException conflict = await Assert.ThrowsAsync<FleetPlanConflictException>(() => Store.WritePlanAsync(lease, 0, 1, new byte[] { 2 }));
        Assert.Contains("revision 1", conflict.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FleetPlanConflictException>(() => Store.WritePlanAsync(lease, 5, 1, new byte[] { 1 }));
        Assert.Single(await Store.ReadPlanHistoryAsync("fraud", 0, 10));
    }

    [SkippableFact]
    public async Task A_coordinator_whose_lease_was_taken_cannot_write_the_plan()
    {
        FleetLease old = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        await Store.WritePlanAsync(old, 0, 1, new byte[] { 1 });
        Time.Advance(LeaseTime);
        FleetLease current = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-2", LeaseTime))!;

        FleetLeaseLostException lost = await Assert.ThrowsAsync<FleetLeaseLostException>(() => Store.WritePlanAsync(old, 1, 1, new byte[] { 2 }));
        Assert.Contains($"token {current.Token}", lost.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FleetLeaseLostException>(() => Store.WritePlanAsync(old with { Token = current.Token }, 1, 1, new byte[] { 2 }));
        await Assert.ThrowsAsync<FleetLeaseLostException>(() => Store.WritePlanAsync(new FleetLease("churn", "coordinator-1", 1, Start), 0, 1, new byte[] { 2 }));

        Assert.Equal(2, (await Store.WritePlanAsync(current, 1, 1, new byte[] { 3 })).Revision);
        Assert.Equal([old.Token, current.Token], (await Store.ReadPlanHistoryAsync("fraud", 0, 10)).Select(p => p.Token));
    }

    [SkippableFact]
    public async Task A_repeat_of_a_written_revision_returns_it_even_after_the_lease_changed_hands()
    {
        FleetLease old = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        FleetPlan written = await Store.WritePlanAsync(old, 0, 1, new byte[] { 7 });
        Time.Advance(LeaseTime);
        _ = await Store.TryAcquireLeaseAsync("fraud", "coordinator-2", LeaseTime);

        // The retry of a write whose acknowledgement was lost, arriving after the take-over: it was written, not refused.
        Assert.Equal(written.Revision, (await Store.WritePlanAsync(old, 0, 1, new byte[] { 7 })).Revision);
        await Assert.ThrowsAsync<FleetLeaseLostException>(() => Store.WritePlanAsync(old, 0, 1, new byte[] { 8 }));
        await Assert.ThrowsAsync<FleetLeaseLostException>(() => Store.WritePlanAsync(old, 1, 1, new byte[] { 8 }));
    }

    [SkippableFact]
    public async Task Releasing_a_lapsed_lease_leaves_its_expiry_where_it_was()
    {
        FleetLease lease = (await Store.TryAcquireLeaseAsync("fraud", "coordinator-1", LeaseTime))!;
        Time.Advance(LeaseTime + TimeSpan.FromSeconds(5));
        await Store.ReleaseLeaseAsync(lease);
        Assert.Equal(Start + LeaseTime, (await Store.ReadLeaseAsync("fraud"))!.ExpiresAt);
    }
}
