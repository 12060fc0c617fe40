using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Rollout.Tests.Canary;

/// <summary>A canary resumed at a step with windows recorded elsewhere judges as the controller that recorded them does.</summary>
public sealed class CanaryResumeTests
{
    private static CanaryOptions Plan() => new()
    {
        Name = "resume",
        ChampionVersion = "1",
        CandidateVersion = "2",
        Steps = [new CanaryStep(10, TimeSpan.FromMinutes(5), 100), new CanaryStep(50, TimeSpan.FromMinutes(5), 100), new CanaryStep(100, TimeSpan.FromMinutes(5), 100)],
        Gates = [new ErrorRateGate()],
        PredictionSampleCapacity = 0,
    };

    [Fact]
    public async Task A_resumed_step_reaches_the_verdicts_of_the_controller_that_recorded_its_requests()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var original = new CanaryController(Plan(), timeProvider: clock);
        var random = new Random(4);
        var champion = new CanaryWindow(0);
        var candidate = new CanaryWindow(0);
        var soFar = new CanaryWindow(0);
        DateTimeOffset stepStart = clock.GetUtcNow();
        for (int minute = 0; minute < 120 && original.State == CanaryState.Running; minute++)
        {
            for (int i = 0; i < 500; i++)
            {
                RoutingDecision decision = original.Route($"key-{random.Next()}");
                var observation = new CanaryObservation(random.NextDouble() < 0.01, TimeSpan.FromMilliseconds(10));
                original.Record(decision, observation);
                (decision.Version == "2" ? candidate : champion).Add(observation);
                if (decision.Version == "1")
                {
                    soFar.Add(observation);
                }
            }

            clock.Advance(TimeSpan.FromMinutes(1));
            int step = original.StepIndex;
            using CanaryController resumed = CanaryController.Resume(Plan(), step, stepStart, stepStart, champion, candidate, soFar, timeProvider: clock);
            CanaryEvaluation expected = await original.EvaluateAsync();
            CanaryEvaluation actual = await resumed.EvaluateAsync();
            Assert.Equal((expected.Action, expected.StepIndex, expected.CandidatePercentage, expected.Reason), (actual.Action, actual.StepIndex, actual.CandidatePercentage, actual.Reason));
            Assert.Equal(expected.Gates, actual.Gates);
            if (expected.Action == CanaryAction.Advance)
            {
                (champion, candidate, stepStart) = (new CanaryWindow(0), new CanaryWindow(0), clock.GetUtcNow());
            }
        }

        Assert.Equal(CanaryState.Promoted, original.State);
    }

    [Fact]
    public void A_resume_point_outside_the_plan_is_refused()
    {
        DateTimeOffset at = DateTimeOffset.UnixEpoch;
        var w = new CanaryWindow(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => CanaryController.Resume(Plan(), 3, at, at, w, w, w));
        Assert.Throws<ArgumentOutOfRangeException>(() => CanaryController.Resume(Plan(), -1, at, at, w, w, w));
        Assert.Throws<ArgumentOutOfRangeException>(() => CanaryController.Resume(Plan(), 0, at, at.AddSeconds(-1), w, w, w));
        Assert.Throws<ArgumentNullException>(() => CanaryController.Resume(Plan(), 0, at, at, null!, w, w));
        Assert.Throws<ArgumentException>(() => CanaryController.Resume(new CanaryOptions(), 0, at, at, w, w, w));
        using CanaryController resumed = CanaryController.Resume(Plan(), 1, at, at, w, w, w);
        Assert.Equal(50, resumed.CandidatePercentage);
        Assert.Equal(1, resumed.StepIndex);
    }
}
