using System.Text;
using Microsoft.Extensions.Time.Testing;
using MlSystems.Drift;
using MlSystems.Registry;

namespace MlSystems.Monitoring.Tests.Canaries;

/// <summary>
/// A service monitored by a <see cref="ModelMonitor"/> on simulated time, seeded, over a real file-system registry in a
/// temporary directory. Requests from 20,000 users arrive at a steady rate; the one feature served is normal around 0,
/// as the champion was trained, for the warm-up, then around 1: the monitor sees drift, retrains (the hook "trains" a
/// version centred on the new traffic), and starts a canary sized from the traffic it measured meanwhile. The champion
/// errs 1% of the time with log-normal latency around 40 ms (σ = 0.3); the candidate's error rate and latency factor
/// are the scenario.
/// </summary>
internal sealed class SimulatedService : IDisposable
{
    public const double ChampionErrorRate = 0.01;

    public const string Model = "scorer";

    private static readonly string[] Users = [.. Enumerable.Range(0, 20_000).Select(i => $"user-{i}")];

    private readonly string root;
    private readonly Random random;
    private readonly double requestsPerSecond;
    private readonly TimeSpan warmUp;
    private double due;

    private SimulatedService(double requestsPerSecond, TimeSpan warmUp, int seed, Action<ModelMonitorOptions>? configure)
    {
        this.requestsPerSecond = requestsPerSecond;
        this.warmUp = warmUp;
        random = new Random(seed);
        root = Directory.CreateTempSubdirectory("mlsystems-canary-sim-").FullName;
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
        Started = Clock.GetUtcNow();
        Registry = new ModelRegistry(new FileSystemModelRegistryStore(Path.Combine(root, "registry"), timeProvider: Clock), Clock);
        var options = new ModelMonitorOptions { ModelName = Model, FeatureNames = ["x"] };
        configure?.Invoke(options);
        Monitor = new ModelMonitor(options, Registry, new FileSystemReferenceProfileStore(Path.Combine(root, "profiles")), new ShiftedRetraining(), Clock);
    }

    public FakeTimeProvider Clock { get; }

    public ModelRegistry Registry { get; }

    public ModelMonitor Monitor { get; }

    public DateTimeOffset Started { get; }

    /// <summary>The candidate's error rate; default the champion's.</summary>
    public double CandidateErrorRate { get; init; } = ChampionErrorRate;

    /// <summary>The candidate's latency over the champion's; default 1.</summary>
    public double CandidateLatencyFactor { get; init; } = 1;

    /// <summary>A service whose version 1 is the champion, after the monitor's first check.</summary>
    public static async Task<SimulatedService> StartAsync(double requestsPerSecond, TimeSpan warmUp, int seed, Action<ModelMonitorOptions>? configure = null, double candidateErrorRate = ChampionErrorRate, double candidateLatencyFactor = 1)
    {
        var service = new SimulatedService(requestsPerSecond, warmUp, seed, configure) { CandidateErrorRate = candidateErrorRate, CandidateLatencyFactor = candidateLatencyFactor };
        ModelVersion first = await service.Monitor.RegisterAsync(Trained(Profile(0, seed), "champion"));
        await service.Registry.SetAliasAsync(Model, "champion", first.Version, AliasCondition.Unset);
        await service.Monitor.CheckAsync();
        return service;
    }

    /// <summary>Serves a check interval's requests, moves the clock on, and checks.</summary>
    public Task<MonitoringCheck> TickAsync()
    {
        double shift = Clock.GetUtcNow() - Started < warmUp ? 0 : 1;
        for (due += requestsPerSecond * Monitor.CheckInterval.TotalSeconds; due >= 1; due--)
        {
            Serve(shift);
        }

        Clock.Advance(Monitor.CheckInterval);
        return Monitor.CheckAsync();
    }

    /// <summary>Ticks until a check reports an event of one of <paramref name="kinds"/>, or throws after <paramref name="limit"/>.</summary>
    public async Task<(MonitoringCheck Check, MonitoringEvent Event)> TickUntilAsync(TimeSpan limit, params MonitoringEventKind[] kinds)
    {
        DateTimeOffset until = Clock.GetUtcNow() + limit;
        while (Clock.GetUtcNow() < until)
        {
            MonitoringCheck check = await TickAsync();
            if (check.Events.FirstOrDefault(e => kinds.Contains(e.Kind)) is { } found)
            {
                return (check, found);
            }
        }

        throw new TimeoutException($"None of {string.Join(", ", kinds)} within {limit}; the last check: {string.Join("; ", Monitor.LastCheck?.Reasons ?? [])}");
    }

    public void Dispose()
    {
        Monitor.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private void Serve(double shift)
    {
        ModelRoute route = Monitor.Route(Users[random.Next(Users.Length)]);
        bool candidate = route.IsCandidate;
        var latency = TimeSpan.FromSeconds(0.04 * Math.Exp(0.3 * Gaussian(random)) * (candidate ? CandidateLatencyFactor : 1));
        if (random.NextDouble() < (candidate ? CandidateErrorRate : ChampionErrorRate))
        {
            Monitor.RecordFailure(route, latency);
            return;
        }

        double x = shift + Gaussian(random);
        Monitor.RecordPrediction("request", route, [x], 1 / (1 + Math.Exp(-x)), latency);
    }

    // The content differs per version: the registry stores an artifact it already has as that version again.
    private static RetrainedModel Trained(ReferenceProfile profile, string content) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(content)), profile, new ModelVersionMetadata());

    private static ReferenceProfile Profile(double mean, int seed)
    {
        var random = new Random(seed);
        double[] x = [.. Enumerable.Range(0, 5000).Select(_ => mean + Gaussian(random))];
        return ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", x)]));
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>"Trains" on the shifted traffic: a version whose profile is centred where the requests now are.</summary>
    private sealed class ShiftedRetraining : IRetrainingHook
    {
        public Task<RetrainedModel> RetrainAsync(RetrainingRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(Trained(Profile(1, request.At.Minute), $"retrained at {request.At:O}"));
    }
}
