namespace MlSystems.Rollout.Tests.Bandits;

/// <summary>Seeded simulations: Bernoulli arms with rates 0.05, 0.06, 0.08 (a realistic click-through spread).</summary>
public sealed class BanditTests
{
    private static readonly double[] Rates = [0.05, 0.06, 0.08];
    private static readonly string[] Versions = ["v1", "v2", "v3"];

    [Fact]
    public void Thompson_sampling_concentrates_on_the_best_arm_with_sublinear_regret()
    {
        (double[] regretAt, long[] pulls) = Simulate(new ThompsonBernoulliPolicy(), horizon: 20_000, checkpoints: [2_500, 5_000, 10_000, 20_000]);

        // Regret per step falls as the horizon doubles: sub-linear growth. Uniform play would regret 0.0233 per step.
        Assert.True(regretAt[3] / 20_000 < 0.5 * (regretAt[0] / 2_500), $"regret {string.Join(", ", regretAt)}");
        Assert.True(regretAt[3] / 20_000 < 0.25 * 0.0233, $"regret per step {regretAt[3] / 20_000}");
        Assert.True(pulls[2] > 0.75 * 20_000, $"best arm pulled {pulls[2]} of 20 000");
    }

    [Fact]
    public void Ucb1_and_epsilon_greedy_also_favour_the_best_arm()
    {
        Assert.True(Simulate(new Ucb1Policy(), 20_000, [20_000]).Pulls[2] > Simulate(new Ucb1Policy(), 20_000, [20_000]).Pulls[0]);
        long[] greedy = Simulate(new EpsilonGreedyPolicy(0.1), 20_000, [20_000]).Pulls;
        Assert.True(greedy[2] > greedy[0] && greedy[2] > greedy[1], string.Join(", ", greedy));
    }

    [Fact]
    public void Gaussian_thompson_finds_the_highest_mean()
    {
        var bandit = new Bandit("revenue", Versions, new ThompsonGaussianPolicy(priorMean: 0, priorVariance: 100, rewardVariance: 4), seed: 3);
        var random = new Random(4);
        double[] means = [1.0, 1.5, 1.2];
        for (int i = 0; i < 5_000; i++)
        {
            BanditChoice choice = bandit.Choose();
            bandit.Reward(choice.Arm, means[choice.Arm] + (2 * Normal(random)));
        }

        BanditArmState[] states = bandit.States();
        Assert.True(states[1].Pulls > 0.7 * 5_000, string.Join(", ", states.Select(s => s.Pulls)));
    }

    [Fact]
    public void Propensities_are_logged_and_exact_where_they_can_be()
    {
        var greedy = new Bandit("g", Versions, new EpsilonGreedyPolicy(0.3), seed: 1);
        greedy.Reward(1, 1);
        BanditChoice choice = greedy.Choose();
        Assert.Equal(choice.Arm == 1 ? 0.7 + 0.1 : 0.1, choice.Propensity, 12);

        // Thompson: the exact propensity is how often the draw really picks each arm (binomial error at 3 000 draws ≤ 0.01).
        var thompson = new Bandit("t", Versions, new ThompsonBernoulliPolicy(), seed: 2);
        for (int i = 0; i < 30; i++)
        {
            thompson.Reward(0, i % 3 == 0 ? 1 : 0);
            thompson.Reward(1, i % 2 == 0 ? 1 : 0);
        }

        var counts = new int[3];
        double[] propensity = new double[3];
        for (int i = 0; i < 3_000; i++)
        {
            BanditChoice c = thompson.Choose();
            counts[c.Arm]++;
            propensity[c.Arm] = c.Propensity;
        }

        for (int k = 0; k < 3; k++)
        {
            Assert.InRange(propensity[k], ((double)counts[k] / 3_000) - 0.03, ((double)counts[k] / 3_000) + 0.03);
        }
    }

    [Fact]
    public void A_seed_reproduces_the_run_and_a_shared_store_shares_the_state()
    {
        long[] first = Simulate(new ThompsonBernoulliPolicy(), 2_000, [2_000]).Pulls;
        long[] second = Simulate(new ThompsonBernoulliPolicy(), 2_000, [2_000]).Pulls;
        Assert.Equal(first, second);

        var store = new InMemoryBanditStateStore();
        var hostA = new Bandit("shared", Versions, new Ucb1Policy(), seed: 1, store);
        var hostB = new Bandit("shared", Versions, new Ucb1Policy(), seed: 2, store);
        hostA.Reward(2, 1);
        Assert.Equal(1, hostB.States()[2].Pulls);
    }

    [Fact]
    public void Rewards_are_recorded_without_loss_under_concurrency()
    {
        var bandit = new Bandit("busy", Versions, new EpsilonGreedyPolicy(), seed: 1);
        Parallel.For(0, 10_000, i => bandit.Reward(bandit.Choose().Arm, 1));
        Assert.Equal(10_000, bandit.States().Sum(s => s.Pulls));
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Equal("versions", Assert.Throws<ArgumentException>(() => new Bandit("b", ["only"], new Ucb1Policy(), 1)).ParamName);
        Assert.Equal("versions", Assert.Throws<ArgumentException>(() => new Bandit("b", ["a", "a"], new Ucb1Policy(), 1)).ParamName);
        var bandit = new Bandit("b", Versions, new Ucb1Policy(), 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Reward(3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Reward(0, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EpsilonGreedyPolicy(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThompsonBernoulliPolicy(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThompsonBernoulliPolicy(1, 0.09));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThompsonGaussianPolicy(rewardVariance: -1));
    }

    private static (double[] RegretAt, long[] Pulls) Simulate(IBanditPolicy policy, int horizon, int[] checkpoints)
    {
        var bandit = new Bandit("ctr", Versions, policy, seed: 7);
        var world = new Random(8);
        double regret = 0;
        var regretAt = new double[checkpoints.Length];
        int next = 0;
        for (int t = 1; t <= horizon; t++)
        {
            BanditChoice choice = bandit.Choose();
            Assert.InRange(choice.Propensity, double.Epsilon, 1);
            bandit.Reward(choice.Arm, world.NextDouble() < Rates[choice.Arm] ? 1 : 0);
            regret += Rates[2] - Rates[choice.Arm];
            if (next < checkpoints.Length && t == checkpoints[next])
            {
                regretAt[next++] = regret;
            }
        }

        return (regretAt, [.. bandit.States().Select(s => s.Pulls)]);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
