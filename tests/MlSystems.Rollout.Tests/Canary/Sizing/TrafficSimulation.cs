using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Rollout.Tests.Canary.Sizing;

/// <summary>
/// Canaries at a traffic on simulated time, seeded: requests from 20,000 users arrive at a steady rate, the champion
/// errs 1% of the time with log-normal latency around 40 ms (σ = 0.3), and the candidate's error rate and latency factor
/// are the scenario. The controller is evaluated every <see cref="EvaluationInterval"/>.
/// </summary>
internal static class TrafficSimulation
{
    public const double ChampionErrorRate = 0.01;

    public static readonly TimeSpan EvaluationInterval = TimeSpan.FromMinutes(5);

    private static readonly string[] Users = [.. Enumerable.Range(0, 20_000).Select(i => $"user-{i}")];

    /// <summary>A baseline the size of an hour of champion traffic at 200 requests/s, for sizing plans before they start.</summary>
    public static CanaryWindow Baseline(int seed = 99)
    {
        var random = new Random(seed);
        var window = new CanaryWindow();
        for (int i = 0; i < 720_000; i++)
        {
            window.Add(Observe(random, ChampionErrorRate, 1));
        }

        return window;
    }

    /// <summary>Runs one canary until it ends, asks for a decision, or <paramref name="limit"/> passes.</summary>
    public static async Task<SimulatedCanary> RunAsync(CanaryOptions options, double requestsPerSecond, double candidateErrorRate, double candidateLatencyFactor, int seed, TimeSpan limit)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        using var controller = new CanaryController(options, timeProvider: time);
        var random = new Random(seed);
        double due = 0;
        TimeSpan elapsed = TimeSpan.Zero;
        CanaryEvaluation last = await controller.EvaluateAsync();
        while (elapsed < limit)
        {
            due += requestsPerSecond * EvaluationInterval.TotalSeconds;
            for (; due >= 1; due--)
            {
                RoutingDecision decision = controller.Route(Users[random.Next(Users.Length)]);
                bool candidate = decision.Arm == 0;
                controller.Record(decision, Observe(random, candidate ? candidateErrorRate : ChampionErrorRate, candidate ? candidateLatencyFactor : 1));
            }

            time.Advance(EvaluationInterval);
            elapsed += EvaluationInterval;
            last = await controller.EvaluateAsync();
            if (controller.State != CanaryState.Running || last.Action == CanaryAction.AwaitDecision)
            {
                break;
            }
        }

        return new SimulatedCanary(controller.State, last.Action, elapsed, last.Reason);
    }

    /// <summary>Runs <paramref name="count"/> canaries of one scenario, seeds 1 to count, two at a time.</summary>
    public static async Task<SimulatedCanary[]> RunManyAsync(int count, Func<CanaryOptions> options, double requestsPerSecond, double candidateErrorRate, double candidateLatencyFactor, TimeSpan limit)
    {
        var results = new SimulatedCanary[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
            results[i] = await RunAsync(options(), requestsPerSecond, candidateErrorRate, candidateLatencyFactor, i + 1, limit));
        return results;
    }

    private static CanaryObservation Observe(Random random, double errorRate, double latencyFactor)
    {
        double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return new CanaryObservation(random.NextDouble() < errorRate, TimeSpan.FromSeconds(0.04 * Math.Exp(0.3 * normal) * latencyFactor));
    }
}
