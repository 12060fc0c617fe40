namespace MlSystems.Rollout.Tests.Canary;

public sealed class CanaryControllerTests
{
    [Fact]
    public void Changing_the_options_after_construction_changes_nothing()
    {
        CanaryOptions options = CanarySimulation.Options();
        using var controller = new CanaryController(options);
        options.Name = "other";
        options.CandidateVersion = "v9";
        options.Steps.Clear();
        options.Gates.Clear();

        Assert.Equal("fraud-scorer", controller.Name);
        controller.Record(new RoutingDecision("v8", 0, 0.5, 0), new CanaryObservation(false, TimeSpan.FromMilliseconds(5)));
        Assert.Throws<ArgumentException>(() => controller.Record(new RoutingDecision("v9", 0, 0.5, 0), new CanaryObservation(false, TimeSpan.FromMilliseconds(5))));
        Assert.Equal(1, controller.CandidatePercentage);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_good_canary_climbs_every_step_and_is_promoted_with_its_evidence(int seed)
    {
        var promoter = new RecordingPromoter();
        var simulation = new CanarySimulation(CanarySimulation.Options(), candidateErrorRate: 0.01, promoter: promoter, seed: seed);
        Assert.Equal(CanaryState.Promoted, await simulation.RunAsync(TimeSpan.FromHours(4)));
        Assert.Equal(100, simulation.Controller.CandidatePercentage);
        Assert.Equal("v8", simulation.Controller.Route("anyone").Version);

        CanaryOutcome outcome = Assert.Single(promoter.Promoted);
        Assert.Equal([1.0, 5, 25, 50, 100], outcome.Steps.Select(s => s.Percentage));
        Assert.All(outcome.Steps, s => Assert.All(s.Gates, g => Assert.Equal(GateOutcome.Pass, g.Outcome)));
        Assert.All(outcome.Steps.SkipLast(1), s => Assert.Equal(CanaryAction.Advance, s.Action));
        Assert.Equal(CanaryAction.Promote, outcome.Steps[^1].Action);

        // Every step ran at least its minimum duration and collected its minimum samples.
        CanaryOptions options = CanarySimulation.Options();
        Assert.All(outcome.Steps, s => Assert.True(s.EndedAt - s.StartedAt >= options.Steps[s.StepIndex].MinimumDuration && s.CandidateCount >= options.Steps[s.StepIndex].MinimumSamples));
        Assert.Empty(promoter.RolledBack);
    }

    [Theory]
    [InlineData(0.06, 1.0, 0.0, "error-rate")]
    [InlineData(0.01, 1.6, 0.0, "latency-p99")]
    [InlineData(0.01, 1.0, 1.0, "prediction-drift")]
    public async Task A_bad_canary_is_rolled_back_within_its_first_steps_sample_budget(double errorRate, double latencyFactor, double scoreShift, string gate)
    {
        var promoter = new RecordingPromoter();
        var simulation = new CanarySimulation(CanarySimulation.Options(), errorRate, latencyFactor, scoreShift, promoter, seed: 11);
        Assert.Equal(CanaryState.RolledBack, await simulation.RunAsync(TimeSpan.FromHours(4)));

        // Rolled back at 1%, before the step had even needed its 500 candidate requests, and the router went to 0% at once.
        CanaryStepReport last = simulation.Controller.History[^1];
        Assert.Equal((0, CanaryAction.RollBack), (last.StepIndex, last.Action));
        Assert.True(last.CandidateCount <= 500, $"{last.CandidateCount} candidate requests");
        Assert.Contains(last.Gates, g => g.Gate == gate && g.Outcome == GateOutcome.Fail);
        Assert.Equal(0, simulation.Controller.CandidatePercentage);
        Assert.Equal("v7", simulation.Controller.Route("anyone").Version);
        Assert.Single(promoter.RolledBack);
        Assert.Empty(promoter.Promoted);

        // Nothing more happens once the canary has ended.
        Assert.Equal(CanaryAction.None, (await simulation.Controller.EvaluateAsync()).Action);
    }

    [Fact]
    public async Task An_inconclusive_step_holds_and_rolls_back_at_its_limit()
    {
        // A custom gate (the extension point) that never makes up its mind.
        CanaryOptions options = CanarySimulation.Options(o =>
        {
            o.Steps = [new(1, TimeSpan.FromMinutes(5), 200, TimeSpan.FromMinutes(20)), new(100, TimeSpan.Zero, 0)];
            o.Gates = [new ErrorRateGate(0.01), new UndecidedGate()];
        });
        var simulation = new CanarySimulation(options, candidateErrorRate: 0.01);
        Assert.Equal(CanaryState.RolledBack, await simulation.RunAsync(TimeSpan.FromHours(1)));
        Assert.Contains(simulation.Evaluations, e => e.Action == CanaryAction.Hold);
        Assert.Contains("inconclusive past", simulation.Evaluations[^1].Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(20), simulation.Controller.History[^1].EndedAt - simulation.Controller.History[^1].StartedAt);
    }

    [Fact]
    public async Task A_failed_promotion_holds_the_last_step_and_is_retried()
    {
        var promoter = new RecordingPromoter { FailuresLeft = 2 };
        CanaryOptions options = CanarySimulation.Options(o => o.Steps = [new(10, TimeSpan.FromMinutes(1), 100)]);
        var simulation = new CanarySimulation(options, candidateErrorRate: 0.01, promoter: promoter);
        Assert.Equal(CanaryState.Promoted, await simulation.RunAsync(TimeSpan.FromHours(1)));
        Assert.Equal(2, simulation.Evaluations.Count(e => e.Action == CanaryAction.Hold && e.Reason.StartsWith("promotion failed", StringComparison.Ordinal)));
        Assert.Single(promoter.Promoted);
    }

    [Fact]
    public void Users_keep_the_candidate_as_the_canary_advances()
    {
        var router = new TrafficRouter("fraud-scorer", [new("v8", 1), new("v7", 99)]);
        string[] early = [.. Enumerable.Range(0, 20_000).Select(u => $"user-{u}").Where(u => router.Route(u).Arm == 0)];
        router.Update([new("v8", 25), new("v7", 75)]);
        Assert.All(early, u => Assert.Equal("v8", router.Route(u).Version));
    }

    [Fact]
    public void Plans_with_impossible_arithmetic_are_rejected()
    {
        Assert.Equal("Steps[1].Percentage", Reject(o => o.Steps = [new(5, TimeSpan.Zero, 0), new(5, TimeSpan.Zero, 0)]));
        Assert.Equal("Steps[0].Percentage", Reject(o => o.Steps = [new(100, TimeSpan.Zero, 0), new(50, TimeSpan.Zero, 0)]));
        Assert.Equal("Steps[0].Percentage", Reject(o => o.Steps = [new(100, TimeSpan.Zero, 0)]));
        Assert.Equal("Steps[0].Percentage", Reject(o => o.Steps = [new(0, TimeSpan.Zero, 0)]));
        Assert.Equal("Steps[0].Percentage", Reject(o => o.Steps = [new(101, TimeSpan.Zero, 0)]));
        Assert.Equal("Steps[0].MaximumDuration", Reject(o => o.Steps = [new(1, TimeSpan.FromMinutes(10), 0, TimeSpan.FromMinutes(5))]));

        // 200 requests/s at 1% for 2 minutes bring 240 requests, not the 500 the step needs.
        string message = Assert.Throws<ArgumentException>(() => new CanaryController(CanarySimulation.Options(o => o.Steps = [new(1, TimeSpan.FromMinutes(1), 500, TimeSpan.FromMinutes(2))]))).Message;
        Assert.Contains("about 240", message, StringComparison.Ordinal);
        Assert.Equal("CandidateVersion", Reject(o => o.CandidateVersion = o.ChampionVersion));
        Assert.Equal("Name", Reject(o => o.Name = ""));
        Assert.Equal("Steps", Reject(o => o.Steps = []));
        Assert.Equal("ExpectedRequestsPerSecond", Reject(o => o.ExpectedRequestsPerSecond = 0));
    }

    [Fact]
    public void Records_are_checked()
    {
        using var controller = new CanaryController(CanarySimulation.Options());
        RoutingDecision decision = controller.Route("u1");
        Assert.Equal("decision", Assert.Throws<ArgumentException>(() => controller.Record(decision with { Version = "v9" }, new CanaryObservation(false, TimeSpan.Zero))).ParamName);
        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => controller.Record(decision, new CanaryObservation(false, TimeSpan.FromSeconds(-1)))).ParamName);
        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => controller.Record(decision, new CanaryObservation(false, TimeSpan.Zero, double.NaN))).ParamName);
    }

    private static string? Reject(Action<CanaryOptions> configure) =>
        Assert.Throws<ArgumentException>(() => new CanaryController(CanarySimulation.Options(configure))).ParamName;

    private sealed class UndecidedGate : ICanaryGate
    {
        public string Name => "undecided";

        public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate) =>
            new(Name, GateOutcome.Inconclusive, champion.Count, candidate.Count, "waiting for a signal that never comes");
    }

    private sealed class RecordingPromoter : ICanaryPromoter
    {
        public int FailuresLeft { get; set; }

        public List<CanaryOutcome> Promoted { get; } = [];

        public List<CanaryOutcome> RolledBack { get; } = [];

        public ValueTask PromoteAsync(CanaryOutcome outcome, CancellationToken cancellationToken)
        {
            if (FailuresLeft-- > 0)
            {
                throw new InvalidOperationException("registry unavailable");
            }

            Promoted.Add(outcome);
            return ValueTask.CompletedTask;
        }

        public ValueTask RolledBackAsync(CanaryOutcome outcome, CancellationToken cancellationToken)
        {
            RolledBack.Add(outcome);
            return ValueTask.CompletedTask;
        }
    }
}
