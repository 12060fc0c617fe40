namespace MlSystems.Rollout.Tests.Canary.Gates;

/// <summary>The business-metric gate passes, fails and waits where its Welch interval says so, in both directions.</summary>
public sealed class BusinessMetricGateTests
{
    [Fact]
    public void A_candidate_that_loses_more_than_the_tolerance_fails_and_one_within_it_passes()
    {
        var gate = new BusinessMetricGate(maximumRelativeDecrease: 0.02);

        // Revenue per request around 100 with a spread of 10: 10% less on 2,000 requests each is far past 2%.
        GateResult worse = gate.Evaluate(Window(2_000, mean: 100, seed: 1), Window(2_000, mean: 90, seed: 2));
        Assert.Equal(GateOutcome.Fail, worse.Outcome);
        Assert.Equal("business-metric", worse.Gate);

        GateResult same = gate.Evaluate(Window(2_000, mean: 100, seed: 3), Window(2_000, mean: 100, seed: 4));
        Assert.Equal(GateOutcome.Pass, same.Outcome);

        // 1.5% less, on so few requests that the interval straddles the tolerance: neither.
        Assert.Equal(GateOutcome.Inconclusive, gate.Evaluate(Window(30, mean: 100, seed: 5), Window(30, mean: 98.5, seed: 6)).Outcome);
        Assert.Equal(GateOutcome.Inconclusive, gate.Evaluate(Window(1, mean: 100, seed: 7), Window(500, mean: 100, seed: 8)).Outcome);
    }

    [Fact]
    public void For_a_metric_to_minimise_a_rise_fails_and_a_fall_passes()
    {
        var gate = new BusinessMetricGate(maximumRelativeDecrease: 0.02, higherIsBetter: false);
        Assert.Equal(GateOutcome.Fail, gate.Evaluate(Window(2_000, mean: 100, seed: 1), Window(2_000, mean: 110, seed: 2)).Outcome);
        Assert.Equal(GateOutcome.Pass, gate.Evaluate(Window(2_000, mean: 100, seed: 3), Window(2_000, mean: 90, seed: 4)).Outcome);
    }

    [Fact]
    public void Constant_arms_are_judged_by_their_means_alone()
    {
        var gate = new BusinessMetricGate(maximumRelativeDecrease: 0.02);
        Assert.Equal(GateOutcome.Fail, gate.Evaluate(Window(50, mean: 100, seed: 1, spread: 0), Window(50, mean: 97, seed: 2, spread: 0)).Outcome);
        Assert.Equal(GateOutcome.Pass, gate.Evaluate(Window(50, mean: 100, seed: 1, spread: 0), Window(50, mean: 98, seed: 2, spread: 0)).Outcome);
    }

    private static CanaryWindow Window(int count, double mean, int seed, double spread = 10)
    {
        var window = new CanaryWindow(predictionCapacity: 0, seed);
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            // Uniform noise of the given half-width: a known mean without depending on a normal sampler.
            window.Add(new CanaryObservation(false, TimeSpan.FromMilliseconds(5), BusinessValue: mean + (spread * ((2 * random.NextDouble()) - 1))));
        }

        return window;
    }
}
