using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Rollout.Tests.Canary.Sizing;

/// <summary>
/// "Too few requests" and "borderline" are different outcomes: the first holds within the step's limit and then asks for
/// a decision, the second follows <see cref="CanaryOptions.BorderlinePolicy"/>; a failure still rolls back at once.
/// </summary>
public sealed class CanaryDecisionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromHours(2);

    [Fact]
    public async Task A_step_short_of_requests_holds_then_asks_for_a_decision_which_can_extend_or_advance_it()
    {
        (CanaryController controller, FakeTimeProvider time) = Start(new SizedGate(1_000_000));
        CanaryEvaluation hold = await Serve(controller, time, TimeSpan.FromHours(1));
        Assert.Equal(CanaryAction.Hold, hold.Action);
        Assert.Contains("needs about 1,000,000 candidate requests", hold.Reason, StringComparison.Ordinal);
        Assert.Contains("past its limit", hold.Reason, StringComparison.Ordinal);

        CanaryEvaluation asked = await Serve(controller, time, TimeSpan.FromHours(1));
        Assert.Equal((CanaryAction.AwaitDecision, CanaryState.Running, 5.0), (asked.Action, asked.State, asked.CandidatePercentage));
        Assert.Contains("too few requests for a verdict", asked.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryAction.AwaitDecision, (await controller.EvaluateAsync()).Action);

        // Extending counts the limit again from now; the evidence stays.
        Assert.Equal(CanaryAction.Hold, (await controller.DecideAsync(CanaryDecision.Extend)).Action);
        Assert.Equal(CanaryAction.Hold, (await Serve(controller, time, TimeSpan.FromHours(1))).Action);
        Assert.Equal(CanaryAction.AwaitDecision, (await Serve(controller, time, TimeSpan.FromHours(1))).Action);

        CanaryEvaluation advanced = await controller.DecideAsync(CanaryDecision.Advance);
        Assert.Equal((CanaryAction.Advance, 1, 50.0), (advanced.Action, advanced.StepIndex, advanced.CandidatePercentage));
        Assert.Equal(CanaryAction.Advance, controller.History[0].Action);
    }

    [Theory]
    [InlineData(CanaryBorderlinePolicy.RollBack, CanaryAction.RollBack, CanaryState.RolledBack)]
    [InlineData(CanaryBorderlinePolicy.Advance, CanaryAction.Advance, CanaryState.Running)]
    [InlineData(CanaryBorderlinePolicy.AwaitDecision, CanaryAction.AwaitDecision, CanaryState.Running)]
    public async Task A_borderline_step_at_its_limit_follows_the_policy(CanaryBorderlinePolicy policy, CanaryAction action, CanaryState state)
    {
        (CanaryController controller, FakeTimeProvider time) = Start(new SizedGate(10), policy);
        CanaryEvaluation hold = await Serve(controller, time, TimeSpan.FromHours(1));
        Assert.Equal(CanaryAction.Hold, hold.Action);
        Assert.Contains("gate sized is inconclusive", hold.Reason, StringComparison.Ordinal);

        CanaryEvaluation atLimit = await Serve(controller, time, TimeSpan.FromHours(1));
        Assert.Equal((action, state), (atLimit.Action, atLimit.State));
        Assert.Contains("with the requests its gates need", atLimit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_gate_that_cannot_size_itself_is_borderline_once_the_step_has_its_minimum()
    {
        (CanaryController controller, FakeTimeProvider time) = Start(new SizedGate(null));
        await Serve(controller, time, TimeSpan.FromHours(1));
        Assert.Equal(CanaryAction.RollBack, (await Serve(controller, time, TimeSpan.FromHours(1))).Action);
    }

    [Fact]
    public async Task A_decision_can_roll_back_at_any_time_and_nothing_is_decided_after_the_end()
    {
        (CanaryController controller, FakeTimeProvider time) = Start(new SizedGate(1_000_000));
        await Serve(controller, time, TimeSpan.FromMinutes(30));
        CanaryEvaluation rolledBack = await controller.DecideAsync(CanaryDecision.RollBack);
        Assert.Equal((CanaryAction.RollBack, CanaryState.RolledBack, 0.0), (rolledBack.Action, rolledBack.State, rolledBack.CandidatePercentage));
        Assert.Equal("rolled back by decision", rolledBack.Reason);
        Assert.Equal(CanaryAction.None, (await controller.DecideAsync(CanaryDecision.Advance)).Action);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await controller.DecideAsync((CanaryDecision)7));
    }

    [Fact]
    public async Task A_step_that_asked_for_a_decision_keeps_asking_until_one_is_made()
    {
        // The gate needs 1,500 requests: the 2-hour limit comes at 600; by 4 hours the step has them and the gate would
        // pass, but the step waits for the decision it asked for.
        var gate = new PassingAfterGate(1_500);
        (CanaryController controller, FakeTimeProvider time) = Start(gate);
        Assert.Equal(CanaryAction.AwaitDecision, (await Serve(controller, time, TimeSpan.FromHours(2))).Action);
        CanaryEvaluation still = await Serve(controller, time, TimeSpan.FromHours(2));
        Assert.Equal((CanaryAction.AwaitDecision, 0), (still.Action, still.StepIndex));
        Assert.Contains("awaits a decision", still.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryAction.Advance, (await controller.DecideAsync(CanaryDecision.Advance)).Action);
    }

    [Fact]
    public async Task A_decision_does_not_override_a_gate_that_fails()
    {
        // Ten minutes of traffic bring the candidate the 20 requests after which the gate fails; nobody has evaluated
        // them when the decision to advance comes.
        (CanaryController fresh, FakeTimeProvider freshTime) = Start(new SizedGate(1_000_000), failAfter: 20);
        for (int minute = 0; minute < 10; minute++)
        {
            for (int r = 0; r < 100; r++)
            {
                RoutingDecision decision = fresh.Route($"user-{(minute * 100) + r}");
                fresh.Record(decision, new CanaryObservation(false, TimeSpan.FromMilliseconds(20)));
            }

            freshTime.Advance(TimeSpan.FromMinutes(1));
        }

        CanaryEvaluation advanced = await fresh.DecideAsync(CanaryDecision.Advance);
        Assert.Equal((CanaryAction.RollBack, CanaryState.RolledBack), (advanced.Action, advanced.State));
        Assert.Contains("gate failing failed", advanced.Reason, StringComparison.Ordinal);
        Assert.Contains("does not override it", advanced.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_need_beyond_any_span_of_time_is_reported_not_thrown()
    {
        (CanaryController controller, FakeTimeProvider time) = Start(new SizedGate(long.MaxValue - 1));
        CanaryEvaluation hold = await Serve(controller, time, TimeSpan.FromMinutes(30));
        Assert.Equal(CanaryAction.Hold, hold.Action);
        Assert.Contains("more than any traffic brings in time", hold.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_gate_still_rolls_back_at_once()
    {
        (CanaryController controller, FakeTimeProvider time) = Start(new SizedGate(1_000_000), failAfter: 20);
        CanaryEvaluation evaluation = await Serve(controller, time, TimeSpan.FromMinutes(20));
        Assert.True(evaluation.Action == CanaryAction.RollBack, evaluation.Reason);
    }

    [Fact]
    public async Task A_step_that_has_not_gathered_its_minimum_samples_by_its_limit_asks_for_a_decision()
    {
        // 5 candidate requests a minute: 600 by the 2-hour limit, short of the step's minimum of 1,000.
        (CanaryController controller, FakeTimeProvider time) = Start(new SizedGate(10), minimumSamples: 1_000);
        Assert.Equal(CanaryAction.Wait, (await Serve(controller, time, TimeSpan.FromHours(1))).Action);

        CanaryEvaluation asked = await Serve(controller, time, TimeSpan.FromHours(1));
        Assert.Equal((CanaryAction.AwaitDecision, CanaryState.Running), (asked.Action, asked.State));
        Assert.Contains("of 1,000 candidate requests", asked.Reason, StringComparison.Ordinal);
        Assert.Contains("too few requests for a verdict", asked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_step_before_100_percent_holds_until_the_champion_has_served_enough_for_the_last_step()
    {
        // The gate passes at once and, at 100%, asks for more requests than any traffic brings until the champion has served
        // 2,200; then as many as the champion served. The champion serves about 95 requests a minute at 5% and 50 at 50%:
        // about 950 in step 0's 10 minutes, 1,450 and 1,950 after 10 and 20 minutes of step 1, 2,450 after 30.
        (CanaryController controller, FakeTimeProvider time) = Start(new ChampionBoundGate(2_200), minimumSamples: 10);
        Assert.Equal(CanaryAction.Advance, (await Serve(controller, time, TimeSpan.FromMinutes(10))).Action);

        CanaryEvaluation held = await Serve(controller, time, TimeSpan.FromMinutes(10));
        Assert.Equal((CanaryAction.Hold, 1), (held.Action, held.StepIndex));
        Assert.Contains("every gate passed, but gate bound could not reach a verdict at 100% against the ", held.Reason, StringComparison.Ordinal);

        Assert.Equal(CanaryAction.Hold, (await Serve(controller, time, TimeSpan.FromMinutes(10))).Action);
        CanaryEvaluation advanced = await Serve(controller, time, TimeSpan.FromMinutes(10));
        Assert.Equal((CanaryAction.Advance, 2, 100.0), (advanced.Action, advanced.StepIndex, advanced.CandidatePercentage));
        Assert.True(advanced.Reason.StartsWith("every gate passed", StringComparison.Ordinal), advanced.Reason);
    }

    [Fact]
    public async Task At_its_limit_the_step_before_100_percent_advances_whatever_the_champion_has_served()
    {
        (CanaryController controller, FakeTimeProvider time) = Start(new ChampionBoundGate(long.MaxValue), minimumSamples: 10);
        Assert.Equal(CanaryAction.Advance, (await Serve(controller, time, TimeSpan.FromMinutes(10))).Action);
        Assert.Equal(CanaryAction.Hold, (await Serve(controller, time, TimeSpan.FromMinutes(110))).Action);
        Assert.Equal(CanaryAction.Advance, (await Serve(controller, time, TimeSpan.FromMinutes(10))).Action);
    }

    private static (CanaryController, FakeTimeProvider) Start(ICanaryGate gate, CanaryBorderlinePolicy policy = CanaryBorderlinePolicy.RollBack, long failAfter = long.MaxValue, long minimumSamples = 50)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var options = new CanaryOptions
        {
            Name = "decide",
            ChampionVersion = "v1",
            CandidateVersion = "v2",
            Steps = [new(5, TimeSpan.FromMinutes(10), minimumSamples, Limit), new(50, TimeSpan.FromMinutes(10), minimumSamples, Limit), new(100, TimeSpan.Zero, 0, Limit)],
            Gates = failAfter == long.MaxValue ? [gate] : [gate, new FailingGate(failAfter)],
            BorderlinePolicy = policy,
        };
        return (new CanaryController(options, timeProvider: time), time);
    }

    // 100 requests a minute, then one evaluation.
    private static async Task<CanaryEvaluation> Serve(CanaryController controller, FakeTimeProvider time, TimeSpan span)
    {
        for (int minute = 0; minute < span.TotalMinutes; minute++)
        {
            for (int r = 0; r < 100; r++)
            {
                RoutingDecision decision = controller.Route($"user-{(minute * 100) + r}");
                controller.Record(decision, new CanaryObservation(false, TimeSpan.FromMilliseconds(20)));
            }

            time.Advance(TimeSpan.FromMinutes(1));
        }

        return await controller.EvaluateAsync();
    }

    // Always inconclusive, asking for a fixed number of candidate requests (null: cannot say).
    private sealed class SizedGate(long? required) : ICanaryGate
    {
        public string Name => "sized";

        public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate) => new(Name, GateOutcome.Inconclusive, 0, 0, "undecided");

        public long? RequiredSamples(CanaryWindow baseline, in CanarySizing sizing) => required;
    }

    // Always passes; at a fixed champion baseline (the 100% step) it needs that many candidate requests once the
    // champion has served enough, and more than any traffic brings before.
    private sealed class ChampionBoundGate(long enough) : ICanaryGate
    {
        public string Name => "bound";

        public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate) => new(Name, GateOutcome.Pass, 0, 0, "fine");

        public long? RequiredSamples(CanaryWindow baseline, in CanarySizing sizing) =>
            sizing.BaselineCount is long champion ? (champion >= enough ? champion : long.MaxValue) : 10;
    }

    // Inconclusive until the candidate has the requests it asks for, then a pass.
    private sealed class PassingAfterGate(long required) : ICanaryGate
    {
        public string Name => "passing-after";

        public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate) =>
            new(Name, candidate.Count >= required ? GateOutcome.Pass : GateOutcome.Inconclusive, 0, 0, "counting");

        public long? RequiredSamples(CanaryWindow baseline, in CanarySizing sizing) => required;
    }

    private sealed class FailingGate(long after) : ICanaryGate
    {
        public string Name => "failing";

        public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate) =>
            new(Name, candidate.Count >= after ? GateOutcome.Fail : GateOutcome.Inconclusive, 0, 0, "fails late");
    }
}
