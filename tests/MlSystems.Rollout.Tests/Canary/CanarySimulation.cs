using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Rollout.Tests.Canary;

/// <summary>
/// A seeded service under canary: 200 requests a second from 50 000 users; the champion errs 1% of the time with
/// log-normal latency around 40 ms; the candidate's error rate and latency factor are the scenario.
/// </summary>
internal sealed class CanarySimulation
{
    public const int RequestsPerSecond = 200;
    private readonly Random random;

    public CanarySimulation(CanaryOptions options, double candidateErrorRate, double candidateLatencyFactor = 1, double candidateScoreShift = 0, ICanaryPromoter? promoter = null, int seed = 1)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        Controller = new CanaryController(options, promoter, Time);
        CandidateErrorRate = candidateErrorRate;
        CandidateLatencyFactor = candidateLatencyFactor;
        CandidateScoreShift = candidateScoreShift;
        random = new Random(seed);
    }

    public FakeTimeProvider Time { get; }

    public CanaryController Controller { get; }

    public double CandidateErrorRate { get; }

    public double CandidateLatencyFactor { get; }

    public double CandidateScoreShift { get; }

    public List<CanaryEvaluation> Evaluations { get; } = [];

    /// <summary>Serves traffic second by second, evaluating every 10 s, until the canary ends or the time is up.</summary>
    public async Task<CanaryState> RunAsync(TimeSpan limit)
    {
        for (int second = 1; second <= limit.TotalSeconds && Controller.State == CanaryState.Running; second++)
        {
            for (int r = 0; r < RequestsPerSecond; r++)
            {
                RoutingDecision decision = Controller.Route($"user-{random.Next(50_000)}");
                bool candidate = decision.Arm == 0;
                double latency = 0.04 * Math.Exp(0.3 * Normal()) * (candidate ? CandidateLatencyFactor : 1);
                double score = Normal() + (candidate ? CandidateScoreShift : 0);
                bool failed = random.NextDouble() < (candidate ? CandidateErrorRate : 0.01);
                Controller.Record(decision, new CanaryObservation(failed, TimeSpan.FromSeconds(latency), score, failed ? 0 : 1));
            }

            Time.Advance(TimeSpan.FromSeconds(1));
            if (second % 10 == 0)
            {
                Evaluations.Add(await Controller.EvaluateAsync());
            }
        }

        return Controller.State;
    }

    public static CanaryOptions Options(Action<CanaryOptions>? configure = null)
    {
        var options = new CanaryOptions
        {
            Name = "fraud-scorer",
            ChampionVersion = "v7",
            CandidateVersion = "v8",
            Steps =
            [
                new(1, TimeSpan.FromMinutes(5), 500, TimeSpan.FromHours(1)),
                new(5, TimeSpan.FromMinutes(5), 1_000, TimeSpan.FromHours(1)),
                new(25, TimeSpan.FromMinutes(5), 2_000, TimeSpan.FromHours(1)),
                new(50, TimeSpan.FromMinutes(5), 2_000, TimeSpan.FromHours(1)),
                new(100, TimeSpan.FromMinutes(5), 0, TimeSpan.FromHours(1)),
            ],
            Gates = [new ErrorRateGate(0.01), new LatencyGate(0.99, 1.2, 300), new PredictionDriftGate(0.2, 300), new BusinessMetricGate(0.05)],
            ExpectedRequestsPerSecond = RequestsPerSecond,
        };
        configure?.Invoke(options);
        return options;
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
