using MlSystems.Rollout;

namespace MlSystems.Monitoring.Tests.Canaries;

/// <summary>
/// The monitor sizes each canary from the traffic it measured before it starts, refuses one the traffic cannot decide
/// (saying what would work), and reports a step that asks for a decision, which <see cref="ModelMonitor.DecideCanaryAsync"/> gives.
/// </summary>
public sealed class MonitorCanaryPlanTests
{
    [Theory]
    [InlineData(2000.0 / 3600, 24.0, "steps 50%, 100%", 50.0, "At 2,000 requests/h the plan takes about")]
    [InlineData(200.0, 0.25, "steps 1%, 5%, 25%, 50%, 100%", 1.0, "At 200 requests/s the plan takes about")]
    public async Task The_canary_is_fitted_to_the_traffic_the_monitor_measured(double requestsPerSecond, double warmUpHours, string steps, double first, string estimate)
    {
        using SimulatedService service = await SimulatedService.StartAsync(requestsPerSecond, TimeSpan.FromHours(warmUpHours), seed: 1);

        (_, MonitoringEvent started) = await service.TickUntilAsync(TimeSpan.FromHours(warmUpHours + 12), MonitoringEventKind.CanaryStarted, MonitoringEventKind.RetrainingFailed);

        Assert.Equal(MonitoringEventKind.CanaryStarted, started.Kind);
        Assert.Contains(steps, started.Detail, StringComparison.Ordinal);
        Assert.Contains(estimate, started.Detail, StringComparison.Ordinal);
        Assert.Equal(first, service.Monitor.Canary!.CandidatePercentage);
    }

    [Fact]
    public async Task Before_enough_traffic_is_measured_the_default_plan_runs_unfitted()
    {
        using SimulatedService service = await SimulatedService.StartAsync(2000.0 / 3600, TimeSpan.Zero, seed: 2, o => o.Drift.MinimumRows = 200);

        (_, MonitoringEvent started) = await service.TickUntilAsync(TimeSpan.FromHours(2), MonitoringEventKind.CanaryStarted);

        Assert.Contains("steps 1%, 5%, 25%, 50%, 100%", started.Detail, StringComparison.Ordinal);
        Assert.Contains("not fitted to the traffic yet", started.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_fitting_the_steps_stay_and_the_start_says_what_the_traffic_allows()
    {
        using SimulatedService service = await SimulatedService.StartAsync(2000.0 / 3600, TimeSpan.FromDays(1), seed: 3, o => o.FitCanaryToTraffic = false);

        (_, MonitoringEvent started) = await service.TickUntilAsync(TimeSpan.FromHours(36), MonitoringEventKind.CanaryStarted);

        Assert.Contains("steps 1%, 5%, 25%, 50%, 100%", started.Detail, StringComparison.Ordinal);
        Assert.Contains("step 0 (1%) needs about", started.Detail, StringComparison.Ordinal);
        Assert.Contains("What would work", started.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_traffic_no_plan_can_decide_at_holds_retraining_back_and_says_what_would_work()
    {
        // 60 requests an hour: a day measures 1,440, and even a 50% step would need weeks for the error-rate gate.
        using SimulatedService service = await SimulatedService.StartAsync(60.0 / 3600, TimeSpan.FromDays(1), seed: 4, o => o.Drift.MinimumRows = 100);

        (MonitoringCheck check, MonitoringEvent failed) = await service.TickUntilAsync(TimeSpan.FromDays(2), MonitoringEventKind.RetrainingFailed, MonitoringEventKind.CanaryStarted);

        Assert.Equal(MonitoringEventKind.RetrainingFailed, failed.Kind);
        Assert.Equal(1, failed.Version);
        Assert.Contains("retraining waits: no canary could decide at the measured traffic", failed.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(check.Events, e => e.Kind is MonitoringEventKind.RetrainingStarted or MonitoringEventKind.CandidateRegistered);
        Assert.Single(await service.Registry.ListVersionsAsync(SimulatedService.Model));
        Assert.Contains("At 60 requests/h", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("What would work", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("shadow comparison", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(MonitoringHealth.Unhealthy, check.Health);
        Assert.Null(service.Monitor.Canary);
        Assert.Equal(1, service.Monitor.ChampionVersion);
    }

    [Fact]
    public async Task A_step_short_of_requests_at_its_limit_awaits_a_decision_that_acts_at_once()
    {
        using SimulatedService service = await ShortOfRequestsAsync(seed: 5);
        (MonitoringCheck check, MonitoringEvent awaiting) = await service.TickUntilAsync(TimeSpan.FromHours(3), MonitoringEventKind.CanaryAwaitingDecision);
        Assert.Contains("too few requests for a verdict", awaiting.Detail, StringComparison.Ordinal);
        Assert.Contains(check.Reasons, r => r.Contains("awaits a decision", StringComparison.Ordinal));

        // Reported once per wait; the checks meanwhile say so, and the share holds.
        check = await service.TickAsync();
        Assert.DoesNotContain(check.Events, e => e.Kind == MonitoringEventKind.CanaryAwaitingDecision);
        Assert.Contains(check.Reasons, r => r.Contains("awaits a decision", StringComparison.Ordinal));
        Assert.Equal(10, service.Monitor.Canary!.CandidatePercentage);

        // Extending starts the limit again; the next wait is reported again.
        Assert.Equal(CanaryAction.Hold, (await service.Monitor.DecideCanaryAsync(CanaryDecision.Extend)).Action);
        (_, awaiting) = await service.TickUntilAsync(TimeSpan.FromHours(2), MonitoringEventKind.CanaryAwaitingDecision);

        Assert.Equal(CanaryAction.Advance, (await service.Monitor.DecideCanaryAsync(CanaryDecision.Advance)).Action);
        Assert.Equal(100, service.Monitor.Canary!.CandidatePercentage);
        CanaryEvaluation promoted = await service.Monitor.DecideCanaryAsync(CanaryDecision.Advance);

        Assert.Equal(CanaryAction.Promote, promoted.Action);
        Assert.Null(service.Monitor.Canary);
        Assert.Equal(2, service.Monitor.ChampionVersion);
        Assert.Equal(2, (await service.Registry.GetByAliasAsync(SimulatedService.Model, "champion"))!.Version);
        Assert.Equal(2, service.Monitor.Route("user-1").Version);
    }

    [Fact]
    public async Task A_decision_to_roll_back_restores_the_champion_and_starts_the_cooldown()
    {
        using SimulatedService service = await ShortOfRequestsAsync(seed: 6);
        await service.TickUntilAsync(TimeSpan.FromHours(3), MonitoringEventKind.CanaryAwaitingDecision);

        CanaryEvaluation rolledBack = await service.Monitor.DecideCanaryAsync(CanaryDecision.RollBack);

        Assert.Equal((CanaryAction.RollBack, CanaryState.RolledBack), (rolledBack.Action, rolledBack.State));
        Assert.Null(service.Monitor.Canary);
        Assert.Equal(1, service.Monitor.Route("user-1").Version);
        MonitoringCheck next = await service.TickAsync();
        Assert.DoesNotContain(next.Events, e => e.Kind == MonitoringEventKind.RetrainingStarted);
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.Monitor.DecideCanaryAsync(CanaryDecision.Advance));
    }

    [Fact]
    public async Task An_unknown_decision_is_refused_by_name()
    {
        using SimulatedService service = await SimulatedService.StartAsync(1, TimeSpan.Zero, seed: 7);
        ArgumentOutOfRangeException error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.Monitor.DecideCanaryAsync((CanaryDecision)9));
        Assert.Equal("decision", error.ParamName);
    }

    [Fact]
    public void The_maximum_step_duration_is_validated_and_caps_the_hook_s_steps()
    {
        ModelMonitorOptions Options() => new() { ModelName = "m", FeatureNames = ["x"] };

        ModelMonitorOptions zero = Options();
        zero.CanaryMaximumStepDuration = TimeSpan.Zero;
        Assert.Equal(nameof(ModelMonitorOptions.CanaryMaximumStepDuration), Assert.Throws<ArgumentException>(zero.Validate).ParamName);

        // A step that must last longer than the cap allows cannot run.
        ModelMonitorOptions clash = Options();
        clash.CanaryMaximumStepDuration = TimeSpan.FromHours(1);
        clash.ConfigureCanary = plan => plan.Steps = [new CanaryStep(10, TimeSpan.FromHours(2), 100), new CanaryStep(100, TimeSpan.Zero, 0)];
        ArgumentException error = Assert.Throws<ArgumentException>(clash.Validate);
        Assert.Equal(nameof(ModelMonitorOptions.ConfigureCanary), error.ParamName);
        Assert.Contains("Steps[0].MaximumDuration", error.Message, StringComparison.Ordinal);

        ModelMonitorOptions own = Options();
        own.CanaryMaximumStepDuration = TimeSpan.FromHours(6);
        own.ConfigureCanary = plan => plan.Steps = [new CanaryStep(10, TimeSpan.Zero, 100, TimeSpan.FromHours(2)), new CanaryStep(100, TimeSpan.Zero, 0)];
        Assert.Equal([TimeSpan.FromHours(2), TimeSpan.FromHours(6)], own.CreateCanaryPlan(1, 2, traffic: null).Steps.Select(s => s.MaximumDuration));
        Assert.Equal(TimeSpan.FromHours(6), own.Snapshot().CanaryMaximumStepDuration);
        own.FitCanaryToTraffic = false;
        Assert.False(own.Snapshot().FitCanaryToTraffic);
    }

    // 2,000 requests an hour, steps of 10% and 100% with a minimum of 1,000 requests and a 1-hour limit: the 10% step sees
    // about 200 by its limit.
    private static Task<SimulatedService> ShortOfRequestsAsync(int seed) =>
        SimulatedService.StartAsync(2000.0 / 3600, TimeSpan.Zero, seed, o =>
        {
            o.Drift.MinimumRows = 200;
            o.FitCanaryToTraffic = false;
            o.CanaryMaximumStepDuration = TimeSpan.FromHours(1);
            o.ConfigureCanary = plan => plan.Steps = [new CanaryStep(10, TimeSpan.FromMinutes(10), 1_000), new CanaryStep(100, TimeSpan.FromMinutes(10), 0)];
        });
}
