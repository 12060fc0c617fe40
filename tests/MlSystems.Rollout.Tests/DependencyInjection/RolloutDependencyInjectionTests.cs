using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Rollout.Tests.DependencyInjection;

public sealed class RolloutDependencyInjectionTests
{
    [Fact]
    public async Task Canaries_and_experiments_resolve_by_name_with_metrics_logs_and_the_hosts_clock()
    {
        var time = new FakeTimeProvider();
        using ServiceProvider provider = Services(time, o => o
            .AddCanary("scorer", c =>
            {
                c.ChampionVersion = "v1";
                c.CandidateVersion = "v2";
                c.Steps = [new(50, TimeSpan.FromMinutes(1), 10)];
                c.Gates = [new ErrorRateGate(0.2)];
            })
            .AddExperiment("ranker", new TrafficArm("a", 50), new TrafficArm("b", 50)));
        provider.GetRequiredService<IStartupValidator>().Validate();
        var factory = provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var assignments = new MetricCollector<long>(factory, "MlSystems.Rollout", "mlsystems.rollout.assignments");
        using var rollbacks = new MetricCollector<long>(factory, "MlSystems.Rollout", "mlsystems.rollout.rollbacks");

        CanaryController canary = provider.GetRequiredKeyedService<CanaryController>("scorer");
        TrafficRouter ranker = provider.GetRequiredKeyedService<TrafficRouter>("ranker");
        Assert.Equal("ranker", ranker.Name);
        for (int u = 0; u < 400; u++)
        {
            RoutingDecision decision = canary.Route($"user-{u}");
            canary.Record(decision, new CanaryObservation(decision.Version == "v2", TimeSpan.FromMilliseconds(10)));
        }

        // The controller reads the host's clock: nothing can pass before the fake minute has elapsed, but a failure can.
        CanaryEvaluation evaluation = await canary.EvaluateAsync();
        Assert.Equal(CanaryAction.RollBack, evaluation.Action);
        Assert.Equal(time.GetUtcNow(), canary.History[^1].EndedAt);
        Assert.Equal(400, assignments.GetMeasurementSnapshot().Count);
        Assert.Contains(assignments.GetMeasurementSnapshot(), m => (string?)m.Tags["version"] == "v2" && (string?)m.Tags["canary"] == "scorer");
        Assert.Single(rollbacks.GetMeasurementSnapshot());
        Assert.Contains(provider.GetRequiredService<FakeLogCollector>().GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("rolled back from v2 to v1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_impossible_plan_fails_at_start_up_naming_the_canary_and_the_step()
    {
        using ServiceProvider provider = Services(new FakeTimeProvider(), o => o.AddCanary("scorer", c =>
        {
            c.ChampionVersion = "v1";
            c.CandidateVersion = "v2";
            c.ExpectedRequestsPerSecond = 10;
            c.Steps = [new(1, TimeSpan.FromMinutes(1), 10_000, TimeSpan.FromMinutes(5))];
        }).AddExperiment("bad", new TrafficArm("a", 70), new TrafficArm("b", 70)));
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Canary 'scorer': Steps[0].MaximumDuration", error.Message, StringComparison.Ordinal);
        Assert.Contains("Experiment 'bad'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_must_be_unique()
    {
        var options = new RolloutOptions().AddCanary("c", _ => { });
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => options.AddCanary("c", _ => { })).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => options.AddExperiment("e").AddExperiment("e")).ParamName);
    }

    [Fact]
    public async Task Gates_named_in_a_plan_are_resolved_from_the_container_with_their_dependencies()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(new Verdict(GateOutcome.Fail));
        services.AddCanaryGate<ScriptedGate>("scripted");
        services.AddRollout(o => o.AddCanary("scorer", c =>
        {
            c.ChampionVersion = "v1";
            c.CandidateVersion = "v2";
            c.Steps = [new(50, TimeSpan.Zero, 0)];
            c.Gates = [];
            c.GateNames = ["scripted", CanaryGateNames.ErrorRate];
        }));
        using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        CanaryController canary = provider.GetRequiredKeyedService<CanaryController>("scorer");
        CanaryEvaluation evaluation = await canary.EvaluateAsync();
        Assert.Equal(["scripted", "error-rate"], evaluation.Gates.Select(g => g.Gate));
        Assert.Equal(CanaryAction.RollBack, evaluation.Action);
    }

    [Fact]
    public void A_gate_name_not_registered_fails_start_up_and_a_direct_controller_refuses_names()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddRollout(o => o.AddCanary("scorer", c =>
        {
            c.ChampionVersion = "v1";
            c.CandidateVersion = "v2";
            c.GateNames = ["no-such-gate"];
        }));
        using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("no canary gate is registered as 'no-such-gate'", error.Message, StringComparison.Ordinal);

        var direct = new CanaryOptions { Name = "scorer", ChampionVersion = "v1", CandidateVersion = "v2", GateNames = [CanaryGateNames.Latency] };
        Assert.Equal("GateNames", Assert.Throws<ArgumentException>(() => new CanaryController(direct)).ParamName);
        Assert.Throws<ArgumentException>(() => services.AddCanaryGate<ScriptedGate>(""));
    }

    [Fact]
    public void A_host_gate_under_a_built_in_name_replaces_it_in_either_order()
    {
        var mine = new ScriptedGate(new Verdict(GateOutcome.Pass));
        var services = new ServiceCollection();
        services.AddCanaryGate(CanaryGateNames.Latency, _ => mine);
        services.AddRollout(_ => { });
        services.AddCanaryGate(CanaryGateNames.ErrorRate, _ => mine);
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Same(mine, provider.GetRequiredKeyedService<ICanaryGate>(CanaryGateNames.Latency));
        Assert.Same(mine, provider.GetRequiredKeyedService<ICanaryGate>(CanaryGateNames.ErrorRate));
        Assert.IsType<PredictionDriftGate>(provider.GetRequiredKeyedService<ICanaryGate>(CanaryGateNames.PredictionDrift));
        Assert.IsType<BusinessMetricGate>(provider.GetRequiredKeyedService<ICanaryGate>(CanaryGateNames.BusinessMetric));
    }

    private sealed record Verdict(GateOutcome Outcome);

    /// <summary>A gate with a dependency the container provides: it returns the injected verdict.</summary>
    private sealed class ScriptedGate(Verdict verdict) : ICanaryGate
    {
        public string Name => "scripted";

        public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate) => new(Name, verdict.Outcome, 0, 0, "scripted");
    }

    private static ServiceProvider Services(TimeProvider time, Action<RolloutOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging(builder => builder.AddFakeLogging());
        services.AddSingleton(time);
        services.AddRollout(configure);
        return services.BuildServiceProvider();
    }
}
