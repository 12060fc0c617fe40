using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using MlSystems.Drift;
using MlSystems.Registry;
using MlSystems.Rollout;

namespace MlSystems.Monitoring.Tests.Fleet.Coordination;

/// <summary>
/// A model on a fleet in one process: a real file-system registry holding versions 1 (the champion) and 2, an in-memory
/// fleet store, serving hosts and coordinators on one fake clock, and traffic whose error rate is set per version and
/// whose feature x is normal around <see cref="Shift"/> (y around 0; the prediction their logistic), binned in the bins of
/// <see cref="Profile"/>, fitted on unshifted rows.
/// </summary>
internal sealed class FleetHarness : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly string root = Directory.CreateTempSubdirectory("mlsystems-fleet-").FullName;
    private readonly Random random;

    public FleetHarness(int hosts, int seed = 1, string model = "fraud")
    {
        Model = model;
        random = new Random(seed);
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Registry = new ModelRegistry(new FileSystemModelRegistryStore(Path.Combine(root, "registry"), timeProvider: Clock), Clock);
        Store = new InMemoryFleetStore(Clock);
        Hosts = [.. Enumerable.Range(1, hosts).Select(i => new FleetServingHost(Store, model, $"host-{i}", Clock, ["x", "y"]))];
    }

    /// <summary>Every version's reference profile: x, y and the prediction on 4,000 unshifted rows.</summary>
    public static ReferenceProfile Profile { get; } = FitProfile();

    /// <summary>The mean of feature x in the traffic.</summary>
    public double Shift { get; set; }

    public string Model { get; }

    public FakeTimeProvider Clock { get; }

    public ModelRegistry Registry { get; }

    public InMemoryFleetStore Store { get; }

    public FleetServingHost[] Hosts { get; }

    /// <summary>The error rate of each version's requests; 1% when not listed.</summary>
    public Dictionary<int, double> ErrorRate { get; } = [];

    /// <summary>The canary every coordinator runs: three steps of ten minutes and 200 requests, judged on errors.</summary>
    public static CanaryOptions Plan(int champion, int candidate) => new()
    {
        Name = string.Create(CultureInfo.InvariantCulture, $"fraud-v{candidate}"),
        ChampionVersion = champion.ToString(CultureInfo.InvariantCulture),
        CandidateVersion = candidate.ToString(CultureInfo.InvariantCulture),
        Steps = [new CanaryStep(10, TimeSpan.FromMinutes(10), 200), new CanaryStep(50, TimeSpan.FromMinutes(10), 200), new CanaryStep(100, TimeSpan.FromMinutes(10), 200)],
        Gates = [new ErrorRateGate()],
        PredictionSampleCapacity = 0,
    };

    public FleetCoordinator Coordinator(string holder) => new(Store, Registry, new FleetCoordinatorSettings
    {
        ModelName = Model,
        Holder = holder,
        LeaseDuration = TimeSpan.FromMinutes(3),
        CanaryPlan = Plan,
        BinsFor = (_, _) => Task.FromResult<IReadOnlyList<PlanBins>?>([.. Profile.Features.Select(f => new PlanBins(f.Name, f.Histogram!.Edges.ToArray()))]),
    }, Clock);

    /// <summary>Registers versions 1 and 2 and points the alias at 1.</summary>
    public async Task PublishAsync()
    {
        for (int v = 1; v <= 2; v++)
        {
            using var artifact = new MemoryStream([(byte)v, 1, 2, 3]);
            await Registry.RegisterAsync(Model, artifact);
        }

        await Registry.SetAliasAsync(Model, "champion", 1, AliasCondition.Unset);
    }

    /// <summary>Serves <paramref name="count"/> requests of random users on random hosts; returns what each was routed to.</summary>
    public List<(string Key, FleetHostRoute Route, CanaryObservation Observation, double[] Row)> Serve(int count)
    {
        var served = new List<(string, FleetHostRoute, CanaryObservation, double[])>(count);
        for (int i = 0; i < count; i++)
        {
            string key = string.Create(CultureInfo.InvariantCulture, $"user-{random.Next(1_000_000)}");
            FleetServingHost host = Hosts[random.Next(Hosts.Length)];
            FleetHostRoute route = host.Route(key);
            double x = Shift + Normal(random), y = Normal(random);
            var observation = new CanaryObservation(random.NextDouble() < ErrorRate.GetValueOrDefault(route.Version, 0.01), TimeSpan.FromMilliseconds(5 + random.Next(20)));
            host.Record(route, observation);
            host.CountRow(route, [x, y], Prediction(x, y));
            served.Add((key, route, observation, [x, y, Prediction(x, y)]));
        }

        return served;
    }

    /// <summary>Publishes the versions, lets coordinator c1 write the first plan, and has every host read it.</summary>
    public async Task<FleetCoordinator> StartAsync()
    {
        await PublishAsync();
        FleetCoordinator coordinator = Coordinator("c1");
        await coordinator.RunRoundAsync();
        await RefreshAllAsync();
        return coordinator;
    }

    /// <summary>Serves <paramref name="count"/> requests, moves one interval on, and has every host flush.</summary>
    public async Task ServeIntervalAsync(int count)
    {
        Serve(count);
        Clock.Advance(Interval);
        await FlushAllAsync();
    }

    /// <summary>One interval passes; every host flushes and reads the plan.</summary>
    public async Task FlushAllAsync()
    {
        foreach (FleetServingHost host in Hosts)
        {
            Assert.True(await host.FlushAsync());
        }
    }

    public async Task RefreshAllAsync()
    {
        foreach (FleetServingHost host in Hosts)
        {
            await host.RefreshPlanAsync();
        }
    }

    public async Task<IReadOnlyList<(FleetPlan Revision, RoutingPlan Plan)>> HistoryAsync() =>
        [.. (await Store.ReadPlanHistoryAsync(Model, 0, 1000)).Select(r => (r, RoutingPlan.FromRevision(r)))];

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static double Prediction(double x, double y) => 1 / (1 + Math.Exp(-(x + y)));

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static ReferenceProfile FitProfile()
    {
        var random = new Random(99);
        double[] x = [.. Enumerable.Range(0, 4000).Select(_ => Normal(random))], y = [.. Enumerable.Range(0, 4000).Select(_ => Normal(random))];
        return ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", x), FeatureColumn.Numeric("y", y), FeatureColumn.Numeric("prediction", [.. x.Zip(y, Prediction)])]));
    }
}
