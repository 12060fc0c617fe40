using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using MlSystems.Drift;
using MlSystems.Registry;
using MlSystems.Rollout;

namespace MlSystems.Monitoring.Tests.Support;

/// <summary>
/// A monitored model over a real file-system registry and profile store in a temporary directory, with a fake clock
/// and a seeded traffic generator: features x and y are normal with a chosen mean; a version's loss on a request is
/// uniform on [0, 2 × its mean loss], so the scripted per-version mean loss is what the monitor should measure.
/// </summary>
internal sealed class LoopHarness : IDisposable
{
    public const string Model = "scorer";

    private readonly Random random = new(7);
    private int requests;

    public LoopHarness(Action<ModelMonitorOptions>? configure = null, bool withHook = true)
    {
        Root = Directory.CreateTempSubdirectory("mlsystems-monitoring-").FullName;
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        Registry = new ModelRegistry(new FileSystemModelRegistryStore(Path.Combine(Root, "registry"), timeProvider: Clock), Clock);
        Profiles = new FileSystemReferenceProfileStore(Path.Combine(Root, "profiles"));
        Hook = new ScriptedRetrainingHook(this);
        Options = new ModelMonitorOptions
        {
            ModelName = Model,
            FeatureNames = ["x", "y"],
            CheckInterval = TimeSpan.FromMinutes(10),
            WindowCapacity = 2000,
            Drift = new DriftPolicy { MinimumRows = 1000 },
            Performance = new PerformancePolicy { MinimumLabels = 300, WindowSize = 2000, MaximumIncrease = 0.02 },
            RetrainCooldown = TimeSpan.FromHours(1),
            ConfigureCanary = plan =>
            {
                plan.Steps = [new CanaryStep(10, TimeSpan.FromMinutes(10), 200), new CanaryStep(50, TimeSpan.FromMinutes(10), 200), new CanaryStep(100, TimeSpan.FromMinutes(10), 200)];
                plan.Gates = [new ErrorRateGate(), new BusinessMetricGate(0.1, higherIsBetter: false)];
            },
        };
        configure?.Invoke(Options);
        Monitor = new ModelMonitor(Options, Registry, Profiles, withHook ? Hook : null, Clock);
    }

    public string Root { get; }

    public FakeTimeProvider Clock { get; }

    public ModelRegistry Registry { get; }

    public FileSystemReferenceProfileStore Profiles { get; }

    public ScriptedRetrainingHook Hook { get; }

    public ModelMonitorOptions Options { get; }

    public ModelMonitor Monitor { get; }

    /// <summary>The mean of the features the traffic is drawn from.</summary>
    public double Shift { get; set; }

    /// <summary>The mean loss of each version's predictions on current traffic; versions not listed have 0.05.</summary>
    public Dictionary<int, double> MeanLoss { get; } = [];

    /// <summary>Fits a profile on features with the given mean, with the prediction column.</summary>
    public static ReferenceProfile Profile(double mean, int rows = 5000)
    {
        var rng = new Random(11 + (int)(mean * 100));
        double[] x = Normal(rng, mean, rows), y = Normal(rng, mean, rows), p = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            p[i] = Prediction(x[i], y[i]);
        }

        return ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("x", x), FeatureColumn.Numeric("y", y), FeatureColumn.Numeric("prediction", p)]));
    }

    /// <summary>Registers version 1 trained on unshifted data and points the alias at it.</summary>
    public async Task<ModelVersion> PublishFirstAsync(double baseline = 0.05)
    {
        ModelVersion first = await Monitor.RegisterAsync(Trained(Profile(0), baseline, "v1"));
        await Registry.SetAliasAsync(Model, "champion", first.Version, AliasCondition.Unset);
        return first;
    }

    public static RetrainedModel Trained(ReferenceProfile profile, double baseline, string content) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(content)), profile, new ModelVersionMetadata { Metrics = new Dictionary<string, double> { ["loss"] = baseline } });

    /// <summary>Serves requests through the monitor, labels each at once, then moves the clock on.</summary>
    public void Serve(int count, TimeSpan over)
    {
        TimeSpan step = over / count;
        for (int i = 0; i < count; i++)
        {
            string id = (requests++).ToString(CultureInfo.InvariantCulture);
            ModelRoute route = Monitor.Route($"user-{random.Next(100_000)}");
            double x = Shift + Gaussian(random), y = Shift + Gaussian(random);
            double prediction = Prediction(x, y);
            Monitor.RecordPrediction(id, route, [x, y], prediction, TimeSpan.FromMilliseconds(5 + random.NextDouble()));
            double loss = 2 * MeanLoss.GetValueOrDefault(route.Version, 0.05) * random.NextDouble();
            Monitor.RecordLabel(id, prediction + loss);
            Clock.Advance(step);
        }
    }

    /// <summary>Serves a check interval's traffic, then checks.</summary>
    public Task<MonitoringCheck> TickAsync(int count = 1500)
    {
        Serve(count, Options.CheckInterval);
        return Monitor.CheckAsync();
    }

    public void Dispose()
    {
        Monitor.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    private static double Prediction(double x, double y) => 1 / (1 + Math.Exp(-(x + y)));

    private static double[] Normal(Random rng, double mean, int n)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = mean + Gaussian(rng);
        }

        return values;
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
