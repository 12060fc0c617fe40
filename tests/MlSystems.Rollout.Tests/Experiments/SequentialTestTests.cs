using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Rollout.Tests.Experiments;

/// <summary>mSPRT: peeking after every batch must keep false positives at or below alpha, where a t-test does not.</summary>
public sealed class SequentialTestTests
{
    private const double Alpha = 0.05;
    private const int Simulations = 400;
    private const int Batches = 100;
    private const int BatchSize = 20;

    [Fact]
    public void Continuous_peeking_keeps_the_false_positive_rate_at_or_below_alpha()
    {
        int sequentialAlarms = 0, naiveAlarms = 0;
        for (int s = 0; s < Simulations; s++)
        {
            (bool sequential, bool naive) = Simulate(seed: s, effect: 0);
            sequentialAlarms += sequential ? 1 : 0;
            naiveAlarms += naive ? 1 : 0;
        }

        double sequentialRate = (double)sequentialAlarms / Simulations, naiveRate = (double)naiveAlarms / Simulations;

        // Monte Carlo slack: 2.5 standard errors of a rate of alpha over 400 runs (0.027).
        Assert.True(sequentialRate <= Alpha + (2.5 * Math.Sqrt(Alpha * (1 - Alpha) / Simulations)), $"mSPRT false-positive rate {sequentialRate:P1}");

        // The same peeking with a fixed-horizon t-test alarms far more often: the test above is not vacuous.
        Assert.True(naiveRate > 2 * Alpha, $"naive peeking false-positive rate {naiveRate:P1}");
    }

    [Fact]
    public void A_real_effect_is_found()
    {
        int found = 0;
        for (int s = 0; s < 50; s++)
        {
            found += Simulate(seed: 10_000 + s, effect: 0.2).Sequential ? 1 : 0;
        }

        Assert.True(found >= 45, $"found {found} of 50");
    }

    [Property(MaxTest = 100)]
    public Property The_p_value_never_rises() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(-100, 100)).ToArbitrary(), deltas =>
        {
            var test = new SequentialTest(0.5);
            var control = new RunningMoments();
            var treatment = new RunningMoments();
            var random = new Random(deltas.Count);
            double last = 1;
            foreach (int d in deltas)
            {
                control.Add(random.NextDouble());
                treatment.Add(random.NextDouble() + (d / 100.0));
                double p = test.Update(ArmSummary.FromMoments(control), ArmSummary.FromMoments(treatment)).PValue;
                if (p > last || p < 0 || p > 1)
                {
                    return false;
                }

                last = p;
            }

            return true;
        });

    [Fact]
    public void The_confidence_sequence_covers_the_difference_and_narrows()
    {
        var test = new SequentialTest(0.3);
        SequentialResult early = test.Update(new ArmSummary(50, 0, 1), new ArmSummary(50, 0.1, 1));
        SequentialResult late = test.Update(new ArmSummary(5_000, 0, 1), new ArmSummary(5_000, 0.1, 1));
        Assert.True(early.Lower < 0.1 && early.Upper > 0.1);
        Assert.True(late.Upper - late.Lower < early.Upper - early.Lower);
        Assert.True(late.Lower > 0, "5 000 per arm resolve a 0.1σ effect");
        Assert.True(late.Significant);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequentialTest(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequentialTest(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequentialTest(1, alpha: 0));
        Assert.Equal("treatment", Assert.Throws<ArgumentException>(() => new SequentialTest(1).Update(new ArmSummary(10, 0, 1), new ArmSummary(10, 0, -1))).ParamName);
        Assert.Equal(1, new SequentialTest(1).Update(new ArmSummary(3, 0, 1), new ArmSummary(3, 5, 1)).PValue);
    }

    private static (bool Sequential, bool Naive) Simulate(int seed, double effect)
    {
        var random = new Random(seed);
        var test = new SequentialTest(0.2, Alpha);
        var control = new RunningMoments();
        var treatment = new RunningMoments();
        bool naive = false;
        for (int b = 0; b < Batches; b++)
        {
            for (int i = 0; i < BatchSize; i++)
            {
                control.Add(Normal(random));
                treatment.Add(Normal(random) + effect);
            }

            ArmSummary c = ArmSummary.FromMoments(control), t = ArmSummary.FromMoments(treatment);
            naive |= ExperimentStatistics.Welch(c, t, Alpha).Significant;
            if (test.Update(c, t).Significant)
            {
                return (true, true);
            }
        }

        return (false, naive);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
