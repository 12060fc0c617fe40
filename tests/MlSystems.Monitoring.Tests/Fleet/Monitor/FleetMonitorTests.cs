using System.Globalization;
using MlSystems.Monitoring.Tests.Support;

namespace MlSystems.Monitoring.Tests.Fleet.Monitor;

/// <summary>
/// The closed loop on a fleet in one process: three serving-only monitors and one coordinating monitor share an
/// in-memory fleet store, the registry and the profile store. Drift in the hosts' traffic is found on their merged rows,
/// the hook is called once for the fleet, and the candidate's canary runs in the plan every host routes by, until the
/// alias moves; a step that needs a decision asks once, and the leading coordinator answers it.
/// </summary>
public sealed class FleetMonitorTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly LoopHarness harness = new(o => o.Drift.RetrainAfter = TimeSpan.Zero);
    private readonly InMemoryFleetStore store;
    private readonly ModelMonitor coordinator;
    private readonly ModelMonitor[] hosts;
    private readonly Random random = new(5);
    private int requests;

    public FleetMonitorTests()
    {
        store = new InMemoryFleetStore(harness.Clock);
        coordinator = Monitor(FleetRole.Coordinating, "coordinator", harness.Hook);
        hosts = [.. Enumerable.Range(1, 3).Select(i => Monitor(FleetRole.Serving, $"host-{i}", null))];
    }

    public void Dispose()
    {
        coordinator.Dispose();
        foreach (ModelMonitor host in hosts)
        {
            host.Dispose();
        }

        harness.Dispose();
    }

    [Fact]
    public async Task A_fleet_monitor_is_not_prepared_since_its_coordinator_judges_merged_bins()
    {
        await harness.PublishFirstAsync();
        Assert.Equal(1, (await TickAsync(0)).ChampionVersion);
        Assert.Equal(1, (await TickAsync(600)).ChampionVersion);

        Assert.False(await coordinator.PrepareAsync());
        foreach (ModelMonitor host in hosts)
        {
            Assert.False(await host.PrepareAsync());
        }
    }

    [Fact]
    public async Task Drift_on_the_merged_traffic_retrains_once_and_the_fleet_canary_promotes_the_candidate()
    {
        await harness.PublishFirstAsync();
        Assert.Equal(1, (await TickAsync(0)).ChampionVersion);
        Assert.All(hosts, h => Assert.Equal(1, h.ChampionVersion));

        // Unshifted traffic: healthy, nothing retrained.
        for (int i = 0; i < 5; i++)
        {
            MonitoringCheck quiet = await TickAsync(600);
            Assert.DoesNotContain(quiet.Events, e => e.Kind == MonitoringEventKind.DriftDetected);
        }

        // The traffic shifts on every host; the coordinator finds it on the merged rows and retrains once.
        harness.Shift = 1.0;
        var events = new List<MonitoringEvent>();
        for (int i = 0; i < 120 && !events.Any(e => e.Kind == MonitoringEventKind.ChampionChanged); i++)
        {
            events.AddRange((await TickAsync(600)).Events);
        }

        // In order of first occurrence; the canary's two advances (10% to 50% to 100%) each once.
        Assert.Equal(
            [MonitoringEventKind.DriftDetected, MonitoringEventKind.RetrainingStarted, MonitoringEventKind.CandidateRegistered, MonitoringEventKind.CanaryStarted, MonitoringEventKind.CanaryAdvanced, MonitoringEventKind.CanaryPromoted, MonitoringEventKind.ChampionChanged],
            events.Select(e => e.Kind).Distinct());
        Assert.Equal(2, events.Count(e => e.Kind == MonitoringEventKind.CanaryAdvanced));
        Assert.Single(events, e => e.Kind == MonitoringEventKind.RetrainingStarted);
        Assert.Single(harness.Hook.Requests);
        Assert.Equal(2, (await harness.Registry.GetByAliasAsync(LoopHarness.Model, "champion"))!.Version);
        await TickAsync(0);
        Assert.All(hosts, h => Assert.Equal(2, h.ChampionVersion));
        Assert.All(hosts, h => Assert.Null(h.CandidateVersion));
    }

    [Fact]
    public async Task A_step_short_of_requests_at_its_limit_awaits_a_decision_once_which_the_leading_coordinator_takes()
    {
        await harness.PublishFirstAsync();
        await TickAsync(0);
        harness.Shift = 1.0;
        var events = new List<MonitoringEvent>();
        for (int i = 0; i < 60 && !events.Any(e => e.Kind == MonitoringEventKind.CanaryStarted); i++)
        {
            events.AddRange((await TickAsync(600)).Events);
        }

        // Traffic stops: the first step reaches its 24-hour limit with too few requests and asks, once, for a decision.
        var checks = new List<MonitoringCheck>();
        for (int hour = 0; hour < 30; hour++)
        {
            checks.Add(await TickAsync(0, TimeSpan.FromHours(1)));
        }

        Assert.Single(checks.SelectMany(c => c.Events), e => e.Kind == MonitoringEventKind.CanaryAwaitingDecision);
        Assert.Equal(MonitoringHealth.Degraded, checks[^1].Health);
        Assert.Contains(checks[^1].Reasons, r => r.Contains("awaits a decision", StringComparison.Ordinal));

        // Only the coordinator decides; its decision is a plan revision the hosts route by.
        Assert.Contains("only serves", (await Assert.ThrowsAsync<InvalidOperationException>(() => hosts[0].DecideCanaryAsync(Rollout.CanaryDecision.Advance))).Message, StringComparison.Ordinal);
        Rollout.CanaryEvaluation decided = await coordinator.DecideCanaryAsync(Rollout.CanaryDecision.Advance);
        Assert.Equal(Rollout.CanaryAction.Advance, decided.Action);
        await TickAsync(0);
        Assert.All(hosts, h => Assert.Equal(2, h.CandidateVersion));
        MonitoringCheck after = await TickAsync(0);
        Assert.Contains(after.Reasons, r => r.Contains("at 50%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_label_whose_loss_is_too_large_to_sum_is_refused_and_its_prediction_stays_pending()
    {
        await harness.PublishFirstAsync();
        await TickAsync(0);
        ModelRoute route = hosts[0].Route("user-1");
        hosts[0].RecordPrediction("r1", route, [0.1, 0.2], 0.5, TimeSpan.FromMilliseconds(2));
        Assert.Equal("label", Assert.Throws<ArgumentException>(() => hosts[0].RecordLabel("r1", 1e120)).ParamName);
        Assert.Equal(LabelOutcome.Joined, hosts[0].RecordLabel("r1", 0.6));
    }

    [Fact]
    public async Task Predictions_waiting_for_labels_on_every_host_are_summed_by_the_coordinator()
    {
        await harness.PublishFirstAsync();
        await TickAsync(0);
        for (int i = 0; i < 30; i++)
        {
            ModelRoute route = hosts[i % 3].Route($"user-{i}");
            hosts[i % 3].RecordPrediction($"unlabelled-{i}", route, [0.1, 0.2], 0.5, TimeSpan.FromMilliseconds(2));
        }

        MonitoringCheck check = await TickAsync(0);
        Assert.Contains("30 predictions wait for their labels across the fleet's hosts", check.Reasons);
    }

    [Fact]
    public async Task A_coordinating_only_monitor_serves_nothing_and_a_fleet_refuses_a_prediction_drift_gate()
    {
        Assert.Contains("only coordinates", Assert.Throws<InvalidOperationException>(() => coordinator.Route("user-1")).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => hosts[0].Route("user-1"));
        Assert.True(coordinator.InFleet);
        Assert.Equal(Interval, coordinator.CheckInterval);

        ModelMonitorOptions options = harness.Options.Snapshot();
        options.ConfigureCanary = plan => plan.Gates.Add(new Rollout.PredictionDriftGate());
        ArgumentException refused = Assert.Throws<ArgumentException>(() => new ModelMonitor(options, harness.Registry, harness.Profiles, store, Fleet(FleetRole.Serving, "h")));
        Assert.Contains("fleet", refused.Message, StringComparison.Ordinal);
        Assert.Equal("LeaseDuration", Assert.Throws<ArgumentException>(() => new ModelMonitor(harness.Options, harness.Registry, harness.Profiles, store, new FleetOptions { FlushInterval = TimeSpan.FromMinutes(1), LeaseDuration = TimeSpan.FromSeconds(30) })).ParamName);
        Assert.Equal("HostId", Assert.Throws<ArgumentException>(() => new ModelMonitor(harness.Options, harness.Registry, harness.Profiles, store, new FleetOptions { HostId = "" })).ParamName);
        Assert.Equal("SummaryRetention", Assert.Throws<ArgumentException>(() => new ModelMonitor(harness.Options, harness.Registry, harness.Profiles, store, new FleetOptions { SummaryRetention = TimeSpan.FromSeconds(15) })).ParamName);
        Assert.Equal("FlushInterval", Assert.Throws<ArgumentException>(() => new ModelMonitor(harness.Options, harness.Registry, harness.Profiles, store, new FleetOptions { FlushInterval = TimeSpan.Zero })).ParamName);
        Assert.Equal("Role", Assert.Throws<ArgumentException>(() => new ModelMonitor(harness.Options, harness.Registry, harness.Profiles, store, new FleetOptions { Role = (FleetRole)9 })).ParamName);
        Assert.Contains("no running canary", Assert.Throws<InvalidOperationException>(() => coordinator.DecideCanaryAsync(Rollout.CanaryDecision.Advance).GetAwaiter().GetResult()).Message, StringComparison.Ordinal);
    }

    private ModelMonitor Monitor(FleetRole role, string id, IRetrainingHook? hook) =>
        new(harness.Options, harness.Registry, harness.Profiles, store, Fleet(role, id), hook, harness.Clock);

    private static FleetOptions Fleet(FleetRole role, string id) => new() { Role = role, HostId = id, FlushInterval = Interval, LeaseDuration = TimeSpan.FromMinutes(3) };

    /// <summary>Serves <paramref name="count"/> labelled requests across the hosts, moves the clock one interval (or
    /// <paramref name="over"/>), then every host checks (flushes), the coordinator checks, and the hosts read the plan.</summary>
    private async Task<MonitoringCheck> TickAsync(int count, TimeSpan? over = null)
    {
        for (int i = 0; i < count; i++)
        {
            ModelMonitor host = hosts[random.Next(hosts.Length)];
            string id = (requests++).ToString(CultureInfo.InvariantCulture);
            ModelRoute route = host.Route($"user-{random.Next(100_000)}");
            double x = harness.Shift + Gaussian(), y = harness.Shift + Gaussian();
            double prediction = 1 / (1 + Math.Exp(-(x + y)));
            host.RecordPrediction(id, route, [x, y], prediction, TimeSpan.FromMilliseconds(5 + random.NextDouble()));
            host.RecordLabel(id, prediction + (2 * harness.MeanLoss.GetValueOrDefault(route.Version, 0.05) * random.NextDouble()));
        }

        harness.Clock.Advance(over ?? Interval);
        foreach (ModelMonitor host in hosts)
        {
            await host.CheckAsync();
        }

        MonitoringCheck check = await coordinator.CheckAsync();
        foreach (ModelMonitor host in hosts)
        {
            await host.CheckAsync();
        }

        return check;
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
