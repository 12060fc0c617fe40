using MlSystems.Monitoring.Tests.Support;
using MlSystems.Registry;

namespace MlSystems.Monitoring.Tests.Monitor;

public sealed class ModelMonitorPreparationTests
{
    [Fact]
    public async Task Without_a_known_champion_there_is_nothing_to_prepare()
    {
        using var loop = new LoopHarness();

        Assert.False(await loop.Monitor.PrepareAsync());
        await loop.Monitor.CheckAsync();
        Assert.False(await loop.Monitor.PrepareAsync());
    }

    [Fact]
    public async Task A_champion_whose_profile_is_unusable_is_not_prepared()
    {
        using var loop = new LoopHarness();
        ModelVersion first = await loop.Monitor.RegisterAsync(LoopHarness.Trained(LoopHarness.Profile(0), 0.05, "v1"));
        await loop.Registry.SetAliasAsync(LoopHarness.Model, "champion", first.Version, AliasCondition.Unset);
        foreach (string file in Directory.GetFiles(Path.Combine(loop.Root, "profiles"), "*", SearchOption.AllDirectories))
        {
            File.WriteAllText(file, "{ not a profile");
        }

        MonitoringCheck check = await loop.Monitor.CheckAsync();

        Assert.Equal(MonitoringHealth.Unhealthy, check.Health);
        Assert.False(await loop.Monitor.PrepareAsync());
    }

    [Fact]
    public async Task Preparing_changes_nothing_the_monitor_keeps_so_a_prepared_monitor_checks_exactly_as_an_unprepared_one()
    {
        using var prepared = new LoopHarness();
        using var unprepared = new LoopHarness();
        foreach (LoopHarness loop in new[] { prepared, unprepared })
        {
            await loop.PublishFirstAsync();
            await loop.Monitor.CheckAsync();
            loop.Serve(400, TimeSpan.FromMinutes(5));
        }

        ModelMonitorCounters counters = prepared.Monitor.Counters;
        MonitoringCheck? last = prepared.Monitor.LastCheck;
        Assert.True(await prepared.Monitor.PrepareAsync());
        Assert.Equal(counters, prepared.Monitor.Counters);
        Assert.Same(last, prepared.Monitor.LastCheck);

        // Drifted traffic: the prepared monitor reports the same episode, events and statistics.
        foreach (LoopHarness loop in new[] { prepared, unprepared })
        {
            loop.Shift = 0.6;
        }

        var events = new List<MonitoringEventKind>();
        for (int tick = 0; tick < 2; tick++)
        {
            MonitoringCheck a = await prepared.TickAsync(), b = await unprepared.TickAsync();
            events.AddRange(a.Events.Select(e => e.Kind));
            Assert.Equal(b.Health, a.Health);
            Assert.Equal(b.Reasons, a.Reasons);
            Assert.Equal(b.Events.Select(e => (e.Kind, e.Version, e.Detail)), a.Events.Select(e => (e.Kind, e.Version, e.Detail)));
            Assert.NotNull(a.Drift);
            Assert.Equal(b.Drift!.Features.Select(f => (f.Name, f.Result.Statistic, f.Result.PValue)), a.Drift.Features.Select(f => (f.Name, f.Result.Statistic, f.Result.PValue)));
        }

        Assert.Contains(MonitoringEventKind.DriftDetected, events);
        Assert.Equal(unprepared.Monitor.Counters, prepared.Monitor.Counters);
    }

    [Fact]
    public async Task A_cancelled_preparation_throws_before_it_starts()
    {
        using var loop = new LoopHarness();
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.Monitor.PrepareAsync(cancelled.Token));
    }
}
