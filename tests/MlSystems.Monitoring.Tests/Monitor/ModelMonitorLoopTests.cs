using MlSystems.Registry;
using MlSystems.Monitoring.Tests.Support;

namespace MlSystems.Monitoring.Tests.Monitor;

public sealed class ModelMonitorLoopTests
{
    [Fact]
    public async Task Without_a_champion_the_check_is_unhealthy_and_routing_refuses()
    {
        using var loop = new LoopHarness();

        MonitoringCheck check = await loop.Monitor.CheckAsync();

        Assert.Equal(MonitoringHealth.Unhealthy, check.Health);
        Assert.Contains(check.Reasons, r => r.Contains("names no version", StringComparison.Ordinal));
        Assert.Null(check.ChampionVersion);
        Assert.Throws<InvalidOperationException>(() => loop.Monitor.Route("user-1"));
    }

    [Fact]
    public async Task Stable_traffic_is_healthy_with_a_drift_report_and_the_measured_loss()
    {
        using var loop = new LoopHarness();
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();

        MonitoringCheck check = await loop.TickAsync();

        Assert.Equal(MonitoringHealth.Healthy, check.Health);
        Assert.Empty(check.Reasons);
        Assert.Equal(1, check.ChampionVersion);
        Assert.NotNull(check.Drift);
        Assert.False(check.Drift.DatasetDrifted);
        Assert.Contains(check.Drift.Features, f => f.Name == "prediction");
        Assert.Equal(1500, check.Current!.RowCount);
        Assert.Equal(["x", "y", "prediction"], check.Current.Columns.Select(c => c.Name));
        Assert.NotNull(check.Reference!.Find("prediction"));
        Assert.NotNull(check.Performance);
        Assert.Equal(1500, check.Performance.Labels);
        Assert.Equal(0.05, check.Performance.MeanLoss, 0.005);
        Assert.Equal(0.05, check.Performance.Baseline);
        Assert.False(check.Performance.Decayed);
        Assert.Empty(check.Events);
        Assert.Empty(loop.Hook.Requests);
    }

    [Fact]
    public async Task Too_few_rows_skip_the_drift_check()
    {
        using var loop = new LoopHarness();
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();

        MonitoringCheck check = await loop.TickAsync(count: 999);

        Assert.Null(check.Drift);
        Assert.Equal(MonitoringHealth.Healthy, check.Health);
    }

    [Fact]
    public async Task Covariate_shift_retrains_registers_with_lineage_canaries_and_promotes()
    {
        using var loop = new LoopHarness();
        ModelVersion first = await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        await loop.TickAsync();

        loop.Shift = 1.5;
        MonitoringCheck drifted = await loop.TickAsync(count: 2000);

        Assert.Equal(MonitoringHealth.Degraded, drifted.Health);
        Assert.Equal(
            [MonitoringEventKind.DriftDetected, MonitoringEventKind.RetrainingStarted, MonitoringEventKind.CandidateRegistered, MonitoringEventKind.CanaryStarted],
            drifted.Events.Select(e => e.Kind));
        RetrainingRequest request = Assert.Single(loop.Hook.Requests);
        Assert.Equal(RetrainingReason.Drift, request.Reason);
        Assert.Equal(first, request.Champion);
        Assert.Same(drifted.Drift, request.Drift);
        Assert.Equal(2, drifted.CandidateVersion);

        ModelVersion candidate = (await loop.Registry.GetVersionAsync(LoopHarness.Model, 2))!;
        Assert.Equal(1, candidate.Metadata.Lineage!.ParentVersion);
        Drift.ReferenceProfile stored = await loop.Profiles.LoadAsync(candidate.Metadata.Lineage.ReferenceProfile!);
        Assert.Equal(1.5, stored.Find("x")!.Moments!.Mean, 0.05);

        // The canary routes about a tenth of keys to the candidate, sticky per key.
        int toCandidate = Enumerable.Range(0, 10_000).Count(i => loop.Monitor.Route($"key-{i}").IsCandidate);
        Assert.InRange(toCandidate, 900, 1100);
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(loop.Monitor.Route($"key-{i}").Version, loop.Monitor.Route($"key-{i}").Version));

        var kinds = new List<MonitoringEventKind>();
        for (int i = 0; i < 12 && loop.Monitor.ChampionVersion != 2; i++)
        {
            MonitoringCheck check = await loop.TickAsync(count: 3000);
            kinds.AddRange(check.Events.Select(e => e.Kind));
        }

        Assert.Equal([MonitoringEventKind.CanaryAdvanced, MonitoringEventKind.CanaryAdvanced, MonitoringEventKind.CanaryPromoted, MonitoringEventKind.ChampionChanged], kinds);
        Assert.Equal(2, (await loop.Registry.GetByAliasAsync(LoopHarness.Model, "champion"))!.Version);
        AliasMove move = (await loop.Registry.GetAliasHistoryAsync(LoopHarness.Model, "champion"))[^1];
        Assert.StartsWith("canary:", move.Actor, StringComparison.Ordinal);
        Assert.Contains("steps", move.Evidence, StringComparison.OrdinalIgnoreCase);
        Assert.Null(loop.Monitor.CandidateVersion);

        // The new champion is checked against its own profile: the shifted traffic is its normal.
        MonitoringCheck after = await loop.TickAsync(count: 2000);
        Assert.Equal(MonitoringHealth.Healthy, after.Health);
        Assert.Equal(2, after.ChampionVersion);
        Assert.False(after.Drift!.DatasetDrifted);
        Assert.Single(loop.Hook.Requests);
    }

    [Fact]
    public async Task A_worse_candidate_is_rolled_back_and_retraining_waits_for_the_cooldown()
    {
        using var loop = new LoopHarness();
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        loop.Shift = 1.5;
        loop.Hook.NextLoss = 0.2;
        MonitoringCheck drifted = await loop.TickAsync(count: 2000);
        Assert.Equal(2, drifted.CandidateVersion);

        var kinds = new List<MonitoringEventKind>();
        for (int i = 0; i < 6 && loop.Monitor.CandidateVersion is not null; i++)
        {
            kinds.AddRange((await loop.TickAsync(count: 3000)).Events.Select(e => e.Kind));
        }

        Assert.Equal([MonitoringEventKind.CanaryRolledBack], kinds);
        Assert.Equal(1, (await loop.Registry.GetByAliasAsync(LoopHarness.Model, "champion"))!.Version);
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(1, loop.Monitor.Route($"key-{i}").Version));

        // Still drifted, but within the hour after the rollback nothing retrains.
        MonitoringCheck waiting = await loop.TickAsync();
        Assert.Equal(MonitoringHealth.Degraded, waiting.Health);
        Assert.Single(loop.Hook.Requests);

        loop.Hook.NextLoss = 0.05;
        MonitoringCheck retried = await RunUntilRetrainedAsync(loop);
        Assert.Contains(retried.Events, e => e.Kind == MonitoringEventKind.CanaryStarted && e.Version == 3);
        Assert.Equal(2, loop.Hook.Requests.Count);
        Assert.True(retried.At - drifted.At >= TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Concept_shift_decays_performance_and_retrains_for_decay()
    {
        using var loop = new LoopHarness(o => o.Drift.RetrainOnDrift = false);
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        await loop.TickAsync();

        loop.MeanLoss[1] = 0.12;
        MonitoringCheck decayed = await loop.TickAsync(count: 2000);

        Assert.Equal(MonitoringHealth.Unhealthy, decayed.Health);
        Assert.True(decayed.Performance!.Decayed);
        Assert.True(decayed.Performance.LowerBound > 0.07);
        Assert.Equal(MonitoringEventKind.PerformanceDecayed, decayed.Events[0].Kind);
        Assert.Equal(RetrainingReason.Decay, Assert.Single(loop.Hook.Requests).Reason);
        Assert.Contains(decayed.Events, e => e.Kind == MonitoringEventKind.CanaryStarted);
    }

    [Fact]
    public async Task Drift_retrains_only_once_it_has_lasted_the_policys_delay()
    {
        using var loop = new LoopHarness(o => o.Drift.RetrainAfter = TimeSpan.FromMinutes(25));
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        loop.Shift = 1.5;

        MonitoringCheck first = await loop.TickAsync(count: 2000);
        MonitoringCheck second = await loop.TickAsync(count: 2000);
        MonitoringCheck third = await loop.TickAsync(count: 2000);
        MonitoringCheck fourth = await loop.TickAsync(count: 2000);

        // Detected at 00:10; 10 and 20 minutes later it has not lasted 25; at 30 it has.
        Assert.Equal([MonitoringEventKind.DriftDetected], first.Events.Select(e => e.Kind));
        Assert.Empty(second.Events);
        Assert.Empty(third.Events);
        Assert.Equal([MonitoringEventKind.RetrainingStarted, MonitoringEventKind.CandidateRegistered, MonitoringEventKind.CanaryStarted], fourth.Events.Select(e => e.Kind));
        Assert.Contains("since 2026-11-01 00:10:00Z", fourth.Events[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_without_retraining_on_drift_only_degrades()
    {
        using var loop = new LoopHarness(o => o.Drift.RetrainOnDrift = false);
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        loop.Shift = 1.5;

        MonitoringCheck first = await loop.TickAsync(count: 2000);
        MonitoringCheck second = await loop.TickAsync(count: 2000);

        Assert.Equal(MonitoringHealth.Degraded, first.Health);
        Assert.Equal([MonitoringEventKind.DriftDetected], first.Events.Select(e => e.Kind));
        Assert.Empty(second.Events);
        Assert.Contains(second.Reasons, r => r.StartsWith("drift: ", StringComparison.Ordinal));
        Assert.Empty(loop.Hook.Requests);
    }

    [Fact]
    public async Task A_failing_hook_is_reported_unhealthy_and_retried_after_the_cooldown()
    {
        using var loop = new LoopHarness();
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        loop.Shift = 1.5;
        loop.Hook.Failure = "the training cluster is down";

        MonitoringCheck failed = await loop.TickAsync(count: 2000);
        MonitoringCheck waiting = await loop.TickAsync();

        Assert.Equal(MonitoringHealth.Unhealthy, failed.Health);
        Assert.Contains(failed.Events, e => e.Kind == MonitoringEventKind.RetrainingFailed && e.Detail.Contains("cluster is down", StringComparison.Ordinal));
        Assert.Equal(MonitoringHealth.Unhealthy, waiting.Health);
        Assert.Contains(waiting.Reasons, r => r.Contains("retries after", StringComparison.Ordinal));
        Assert.Single(loop.Hook.Requests);
        Assert.Single(await loop.Registry.ListVersionsAsync(LoopHarness.Model));

        loop.Hook.Failure = null;
        MonitoringCheck retried = await RunUntilRetrainedAsync(loop);
        Assert.Equal(2, loop.Hook.Requests.Count);
        Assert.Equal(2, retried.CandidateVersion);
    }

    [Fact]
    public async Task Without_a_hook_the_monitor_watches_and_reports_only()
    {
        using var loop = new LoopHarness(withHook: false);
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        loop.Shift = 1.5;
        loop.MeanLoss[1] = 0.12;

        MonitoringCheck check = await loop.TickAsync(count: 2000);

        Assert.Equal(MonitoringHealth.Unhealthy, check.Health);
        Assert.Equal([MonitoringEventKind.DriftDetected, MonitoringEventKind.PerformanceDecayed], check.Events.Select(e => e.Kind));
        Assert.Null(check.CandidateVersion);
    }

    [Fact]
    public async Task A_champion_without_a_profile_is_unhealthy_with_the_reason()
    {
        using var loop = new LoopHarness();
        ModelVersion bare = await loop.Registry.RegisterAsync(LoopHarness.Model, new MemoryStream([1, 2, 3]));
        await loop.Registry.SetAliasAsync(LoopHarness.Model, "champion", bare.Version, AliasCondition.Unset);

        MonitoringCheck check = await loop.Monitor.CheckAsync();

        Assert.Equal(MonitoringHealth.Unhealthy, check.Health);
        Assert.Contains(check.Reasons, r => r.Contains("no reference profile", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_moving_the_alias_changes_the_champion_at_the_next_check()
    {
        using var loop = new LoopHarness();
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        ModelVersion second = await loop.Monitor.RegisterAsync(LoopHarness.Trained(LoopHarness.Profile(0), 0.05, "hand-trained"));
        await loop.Registry.SetAliasAsync(LoopHarness.Model, "champion", second.Version, AliasCondition.Is(1));

        MonitoringCheck check = await loop.Monitor.CheckAsync();

        MonitoringEvent changed = Assert.Single(check.Events);
        Assert.Equal(MonitoringEventKind.ChampionChanged, changed.Kind);
        Assert.Equal(2, loop.Monitor.Route("user-1").Version);
    }

    private static async Task<MonitoringCheck> RunUntilRetrainedAsync(LoopHarness loop)
    {
        for (int i = 0; i < 10; i++)
        {
            MonitoringCheck check = await loop.TickAsync();
            if (check.Events.Any(e => e.Kind == MonitoringEventKind.CanaryStarted))
            {
                return check;
            }
        }

        throw new InvalidOperationException("No retraining within ten checks.");
    }
}
