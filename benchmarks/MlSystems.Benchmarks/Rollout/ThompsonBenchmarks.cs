using BenchmarkDotNet.Attributes;
using MlSystems.Rollout;
using MlSystems.Statistics;

namespace MlSystems.Benchmarks.Rollout;

/// <summary>
/// One Thompson decision with its propensity, against the draw alone (the floor: what a policy without a propensity
/// costs) and against the estimate the policy used to make on every request, 256 rounds of draws. "Unchanged" is the
/// request path between rewards (the exact probabilities are cached); "changed" recomputes them on every call, rotating
/// through 64 distinct arm states, as a bandit whose every request follows a reward would.
/// </summary>
[MemoryDiagnoser]
public class ThompsonBenchmarks
{
    private const int States = 64;
    private const int PreviousRounds = 256;
    private readonly ThompsonBernoulliPolicy policy = new();
    private readonly Random random = new(20261204);
    private BanditArmState[][] states = [];
    private int next;

    /// <summary>The number of arms.</summary>
    [Params(3, 10)]
    public int Arms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var seed = new Random(7);
        states = new BanditArmState[States][];
        for (int s = 0; s < States; s++)
        {
            states[s] = new BanditArmState[Arms];
            for (int k = 0; k < Arms; k++)
            {
                long pulls = 500 + seed.Next(2_000);
                double successes = Math.Round(pulls * (0.05 + (0.01 * seed.NextDouble())));
                states[s][k] = new BanditArmState(pulls, successes, successes);
            }
        }
    }

    [Benchmark(Baseline = true)]
    public int Draw_only() => Draw(states[0]);

    [Benchmark]
    public double Exact_unchanged_states() => policy.Choose(states[0], random).Propensity;

    [Benchmark]
    public double Exact_changed_states() => policy.Choose(states[next++ & (States - 1)], random).Propensity;

    [Benchmark]
    public double Previous_256_draws()
    {
        BanditArmState[] arms = states[0];
        int chosen = Draw(arms), wins = 0;
        for (int round = 0; round < PreviousRounds; round++)
        {
            wins += Draw(arms) == chosen ? 1 : 0;
        }

        return (wins + 1.0) / (PreviousRounds + 1.0);
    }

    private int Draw(BanditArmState[] arms)
    {
        int best = 0;
        double bestDraw = double.NegativeInfinity;
        for (int k = 0; k < arms.Length; k++)
        {
            double draw = Sample(arms[k]);
            if (draw > bestDraw)
            {
                (best, bestDraw) = (k, draw);
            }
        }

        return best;
    }

    private double Sample(BanditArmState arm) =>
        BetaDistribution.Sample(random, 1 + arm.RewardSum, 1 + arm.Pulls - arm.RewardSum);
}
