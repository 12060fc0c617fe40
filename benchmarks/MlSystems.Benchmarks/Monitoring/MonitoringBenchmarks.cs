using System.Globalization;
using BenchmarkDotNet.Attributes;
using MlSystems.Drift;
using MlSystems.Monitoring;
using MlSystems.Registry;

namespace MlSystems.Benchmarks.Monitoring;

/// <summary>
/// What the closed loop costs a service. Per request: choosing the version (<see cref="ModelMonitor.Route"/>), logging
/// the prediction with five features, and later joining its label; request ids and routing keys rotate through 4,096
/// values. Per check: a full check of a 10,000-row window of five features and the prediction against the champion's
/// profile, with 10,000 labelled losses. The peer for the request path is the bare minimum a hand-rolled loop needs: a
/// dictionary of pending predictions keyed by request id.
/// </summary>
[MemoryDiagnoser]
public class MonitoringBenchmarks
{
    private const int Keys = 4_096;
    private readonly string[] keys = [.. Enumerable.Range(0, Keys).Select(i => $"customer-{i * 7_919}")];
    private readonly string[] ids = [.. Enumerable.Range(0, Keys).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    private readonly double[] features = [120.5, 14, 3.2, 0.4, 1];
    private readonly Dictionary<string, (int Version, double Prediction)> naive = new(StringComparer.Ordinal);
    private string root = null!;
    private ModelMonitor monitor = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        root = Directory.CreateTempSubdirectory("mlsystems-bench-monitoring-").FullName;
        var registry = new ModelRegistry(new InMemoryModelRegistryStore());
        var profiles = new FileSystemReferenceProfileStore(root);
        string[] names = ["amount", "hour", "distance", "risk", "present"];
        monitor = new ModelMonitor(new ModelMonitorOptions
        {
            ModelName = "bench",
            FeatureNames = names,
            WindowCapacity = 10_000,
            Drift = new DriftPolicy { MinimumRows = 5_000 },
            Performance = new PerformancePolicy { WindowSize = 10_000 },
        }, registry, profiles);
        var random = new Random(1);
        var columns = names.Append("prediction").Select(n => FeatureColumn.Numeric(n, [.. Enumerable.Range(0, 20_000).Select(_ => random.NextDouble())])).ToList();
        ModelVersion v1 = monitor.RegisterAsync(new RetrainedModel(new MemoryStream([1, 2, 3]), ReferenceProfile.Fit(new DriftDataset(columns)),
            new ModelVersionMetadata { Metrics = new Dictionary<string, double> { ["loss"] = 0.3 } })).GetAwaiter().GetResult();
        registry.SetAliasAsync("bench", "champion", v1.Version, AliasCondition.Unset).GetAwaiter().GetResult();
        monitor.CheckAsync().GetAwaiter().GetResult();
        for (int i = 0; i < 10_000; i++)
        {
            Request();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        monitor.Dispose();
        Directory.Delete(root, recursive: true);
    }

    /// <summary>Route, log the prediction, join its label: the loop's whole per-request cost.</summary>
    [Benchmark]
    public LabelOutcome Route_log_and_label() => Request();

    [Benchmark(Baseline = true)]
    public bool Naive_pending_dictionary()
    {
        int i = next++ & (Keys - 1);
        naive[ids[i]] = (1, 0.25);
        return naive.Remove(ids[i], out _);
    }

    /// <summary>A full check: drift report over the window and the performance test.</summary>
    [Benchmark]
    public MonitoringHealth Check() => monitor.CheckAsync().GetAwaiter().GetResult().Health;

    private LabelOutcome Request()
    {
        int i = next++ & (Keys - 1);
        features[0] = i;
        ModelRoute route = monitor.Route(keys[i]);
        monitor.RecordPrediction(ids[i], route, features, 0.25, TimeSpan.FromMilliseconds(1));
        return monitor.RecordLabel(ids[i], 0);
    }
}
