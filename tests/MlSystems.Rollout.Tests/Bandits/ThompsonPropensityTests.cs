using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Statistics;

namespace MlSystems.Rollout.Tests.Bandits;

/// <summary>
/// The exact Thompson propensities against scipy's adaptive quadrature (Data/generate_thompson.py), closed forms, the
/// draw itself, and the invariants every state must keep.
/// </summary>
public sealed class ThompsonPropensityTests
{
    // The stated bound: the policies' XML docs promise an absolute error below 1e-10.
    private const double StatedAccuracy = 1e-10;

    private static readonly Lazy<JsonDocument> Document = new(() => GoldenFile.Json("thompson.json"));

    [Fact]
    public void Beta_win_probabilities_match_scipy()
    {
        foreach (JsonElement c in Document.Value.RootElement.GetProperty("beta").EnumerateArray())
        {
            (double[] a, double[] b) = Pairs(c);
            AssertWins(c, WinProbabilities.Compute(new BetaArmPosteriors(a, b)));
        }
    }

    [Fact]
    public void Normal_win_probabilities_match_scipy()
    {
        foreach (JsonElement c in Document.Value.RootElement.GetProperty("normal").EnumerateArray())
        {
            (double[] mean, double[] deviation) = Pairs(c);
            AssertWins(c, WinProbabilities.Compute(new NormalArmPosteriors(mean, deviation)));
        }
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.0, 1.0)]
    [InlineData(0.3, 0.2, 0.1, 0.05)]
    [InlineData(5.0, 1e-3, 5.001, 2e-3)]
    [InlineData(-2.0, 3.0, 4.0, 0.5)]
    public void Two_normal_arms_win_by_the_closed_form(double mean1, double sd1, double mean2, double sd2)
    {
        // X₁ − X₂ is normal, so P(X₁ > X₂) = Φ((μ₁ − μ₂) / √(σ₁² + σ₂²)).
        double[] wins = WinProbabilities.Compute(new NormalArmPosteriors([mean1, mean2], [sd1, sd2]));
        double expected = NormalDistribution.Cdf((mean1 - mean2) / Math.Sqrt((sd1 * sd1) + (sd2 * sd2)));
        Assert.Equal(expected, wins[0], StatedAccuracy);
        Assert.Equal(1 - expected, wins[1], StatedAccuracy);
    }

    [Theory]
    [InlineData(3.0, 2.0, 5.0, 7.0)]
    [InlineData(1.0, 1.0, 1.0, 1.0)]
    [InlineData(40.0, 12.0, 9.0, 3.0)]
    public void Two_beta_arms_with_integer_parameters_win_by_the_finite_sum(double a1, double b1, double a2, double b2)
    {
        // For integer a₂: P(X₂ > X₁) = Σ_{i<a₂} B(a₁ + i, b₁ + b₂) / ((b₂ + i) B(1 + i, b₂) B(a₁, b₁)) (Evan Miller's sum).
        double second = 0;
        for (int i = 0; i < (int)a2; i++)
        {
            second += Math.Exp(LogBeta(a1 + i, b1 + b2) - Math.Log(b2 + i) - LogBeta(1 + i, b2) - LogBeta(a1, b1));
        }

        double[] wins = WinProbabilities.Compute(new BetaArmPosteriors([a1, a2], [b1, b2]));
        Assert.Equal(second, wins[1], StatedAccuracy);
        Assert.Equal(1 - second, wins[0], StatedAccuracy);
    }

    [Property(MaxTest = 60)]
    public Property Beta_probabilities_are_probabilities_that_sum_to_one() =>
        Prop.ForAll(Arms(Gen.Choose(0, 4000).Select(i => Math.Pow(10, (i / 1000.0) - 1))).ToArbitrary(), arms =>
        {
            // Each probability is clamped to [0, 1], so the sum is what can fail: an overshoot clamped away leaves it short.
            double[] wins = WinProbabilities.Compute(new BetaArmPosteriors([.. arms.Select(p => p.Item1)], [.. arms.Select(p => p.Item2)]));
            return Math.Abs(wins.Sum() - 1) < 1e-12;
        });

    [Property(MaxTest = 60)]
    public Property Normal_probabilities_are_probabilities_that_sum_to_one() =>
        Prop.ForAll(Arms(Gen.Choose(-3000, 3000).Select(i => i / 1000.0)).ToArbitrary(), arms =>
        {
            double[] wins = WinProbabilities.Compute(new NormalArmPosteriors([.. arms.Select(p => p.Item1)], [.. arms.Select(p => Math.Pow(10, p.Item2))]));
            return Math.Abs(wins.Sum() - 1) < 1e-12;
        });

    [Property(MaxTest = 40)]
    public Property Identical_arms_win_equally_and_relabelling_permutes_the_wins() =>
        Prop.ForAll(Arms(Gen.Choose(1, 3000).Select(i => i / 10.0)).ToArbitrary(), arms =>
        {
            double[] a = [.. arms.Select(p => p.Item1)], b = [.. arms.Select(p => p.Item2)];
            double[] wins = WinProbabilities.Compute(new BetaArmPosteriors(a, b));
            double[] reversed = WinProbabilities.Compute(new BetaArmPosteriors([.. a.Reverse()], [.. b.Reverse()]));
            double[] twins = WinProbabilities.Compute(new BetaArmPosteriors([a[0], a[0]], [b[0], b[0]]));
            return wins.Zip(reversed.Reverse(), (x, y) => Math.Abs(x - y)).Max() < 1e-13
                && Math.Abs(twins[0] - 0.5) < 1e-13 && Math.Abs(twins[1] - 0.5) < 1e-13;
        });

    [Fact]
    public void The_logged_propensity_is_how_often_the_draw_picks_each_arm()
    {
        // Beta(4, 8), Beta(6, 6), Beta(2, 2) after a few rewards: a seeded run of 40 000 decisions on unchanged states.
        var policy = new ThompsonBernoulliPolicy();
        BanditArmState[] arms = [new(10, 3, 3), new(10, 5, 5), new(2, 1, 1)];
        var random = new Random(11);
        var counts = new int[3];
        var logged = new double[3];
        const int Decisions = 40_000;
        for (int i = 0; i < Decisions; i++)
        {
            (int arm, double propensity) = policy.Choose(arms, random);
            counts[arm]++;
            logged[arm] = propensity;
        }

        double[] exact = WinProbabilities.Compute(new BetaArmPosteriors([4, 6, 2], [8, 6, 2]));
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(exact[k], logged[k], 15);

            // Five binomial standard errors: a seeded test that fails only if the draw and the integral disagree.
            double se = Math.Sqrt(exact[k] * (1 - exact[k]) / Decisions);
            Assert.InRange((double)counts[k] / Decisions, exact[k] - (5 * se), exact[k] + (5 * se));
        }
    }

    [Fact]
    public void The_gaussian_policy_logs_the_posterior_win_probability()
    {
        var policy = new ThompsonGaussianPolicy(priorMean: 0, priorVariance: 100, rewardVariance: 4);
        BanditArmState[] arms = [new(50, 55, 0), new(40, 52, 0)];
        (int arm, double propensity) = policy.Choose(arms, new Random(1));

        // Posterior precision 1/100 + n/4, mean (sum/4) / precision.
        double p1 = 0.01 + 12.5, m1 = 13.75 / p1, p2 = 0.01 + 10, m2 = 13 / p2;
        double first = NormalDistribution.Cdf((m1 - m2) / Math.Sqrt((1 / p1) + (1 / p2)));
        Assert.Equal(arm == 0 ? first : 1 - first, propensity, StatedAccuracy);
    }

    [Fact]
    public void A_decision_on_unchanged_states_reuses_the_computed_probabilities_and_a_change_recomputes_them()
    {
        var policy = new ThompsonBernoulliPolicy();
        BanditArmState[] arms = [new(100, 10, 10), new(100, 12, 12)];
        var random = new Random(5);
        policy.Choose(arms, random);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            policy.Choose(arms, random);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // One more success for arm 0 moves its propensity to the new posteriors' value at once.
        arms[0] = arms[0].With(1);
        double[] exact = WinProbabilities.Compute(new BetaArmPosteriors([12, 13], [91, 89]));
        for (int i = 0; i < 20; i++)
        {
            (int arm, double propensity) = policy.Choose(arms, random);
            Assert.Equal(exact[arm], propensity, 15);
        }
    }

    [Fact]
    public void An_arm_that_almost_never_wins_still_gets_a_finite_weight()
    {
        // Beta(60, 2) against Beta(2, 60): arm 1 wins with probability 9.7e-33 (mpmath at 50 digits), so were it drawn its
        // inverse propensity weight would be 1e32; the floor holds it to 1e12. The quadrature's accuracy is absolute (it
        // gives 2.4e-30 here), so only the side of the floor the probability falls on is asserted.
        BanditArmState[] arms = [new(60, 59, 59), new(60, 1, 1)];
        double[] wins = WinProbabilities.Compute(new BetaArmPosteriors([60, 2], [2, 60]));
        Assert.InRange(wins[1], 0, ThompsonPropensity.Floor / 1e6);
        var propensity = new ThompsonPropensity();
        Assert.Equal(ThompsonPropensity.Floor, propensity.Of(arms, 1, _ => new BetaArmPosteriors([60, 2], [2, 60])));
        Assert.Equal(1, propensity.Of(arms, 0, _ => throw new InvalidOperationException("unchanged states recomputed")), 12);

        // Through the policy the same states log the winner at 1.
        Assert.Equal(1, new ThompsonBernoulliPolicy().Choose(arms, new Random(1)).Propensity, 12);
    }

    [Fact]
    public void Concurrent_decisions_on_changing_states_each_get_their_own_states_probability()
    {
        var policy = new ThompsonBernoulliPolicy();
        BanditArmState[][] states = [.. Enumerable.Range(0, 8).Select(i => new BanditArmState[] { new(20 + i, 5, 5), new(20, 6, 6), new(10, 4, 4) })];
        double[][] exact = [.. states.Select(s => WinProbabilities.Compute(new BetaArmPosteriors([6, 7, 5], [16 + s[0].Pulls - 20, 15, 7])))];
        Parallel.For(0, 4_000, i =>
        {
            int which = i % states.Length;
            (int arm, double propensity) = policy.Choose(states[which], new Random(i));
            Assert.Equal(exact[which][arm], propensity, 15);
        });
    }

    private static Gen<(double, double)[]> Arms(Gen<double> parameter) =>
        from count in Gen.Choose(2, 6)
        from arms in Gen.ArrayOf(Gen.Zip(parameter, parameter).Select(t => (t.Item1, t.Item2)), count)
        select arms;

    private static (double[] First, double[] Second) Pairs(JsonElement c)
    {
        JsonElement[] arms = [.. c.GetProperty("arms").EnumerateArray()];
        return ([.. arms.Select(a => a[0].GetDouble())], [.. arms.Select(a => a[1].GetDouble())]);
    }

    private static void AssertWins(JsonElement c, double[] actual)
    {
        double[] expected = [.. c.GetProperty("win").EnumerateArray().Select(w => w.GetDouble())];
        Assert.Equal(expected.Length, actual.Length);
        double error = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(error < StatedAccuracy, $"{c.GetProperty("arms").GetRawText()}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
    }

    // Integer arguments only: log B(a, b) = log((a − 1)! (b − 1)! / (a + b − 1)!).
    private static double LogBeta(double a, double b) => LogFactorial((int)a - 1) + LogFactorial((int)b - 1) - LogFactorial((int)(a + b) - 1);

    private static double LogFactorial(int n) => Enumerable.Range(1, Math.Max(n, 0)).Sum(i => Math.Log(i));
}
