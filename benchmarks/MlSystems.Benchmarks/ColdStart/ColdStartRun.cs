using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using MlSystems.Drift;
using MlSystems.Monitoring;
using MlSystems.Registry;

namespace MlSystems.Benchmarks.ColdStart;

/// <summary>
/// One cold-start measurement in this fresh process: the first call of a scenario, the second, and the steady state
/// (the median of calls 41 to 60, when tiered compilation has long promoted everything). A monitor calls these every
/// few minutes, so the first calls are what its users get. <c>benchmarks/cold-start.sh</c> runs each scenario in several
/// fresh processes and prints the medians of the ratios.
/// </summary>
internal static class ColdStartRun
{
    private const int Length = 1_000_000;
    private const int Calls = 60;
    private static readonly string[] MonitorFeatures = ["amount", "hour", "distance", "risk", "present"];

    /// <summary>Runs <c>--cold-start prepare &lt;profile file&gt;</c> or <c>--cold-start &lt;psi|ks|report|monitor&gt;[-prepared] [profile file]</c>;
    /// a <c>-prepared</c> scenario first runs the warm-up a service would run at start (<see cref="DriftWarmUp"/>, or
    /// <see cref="ModelMonitor.PrepareAsync"/> for the monitor) and reports its time as <c>prepare_ms</c>.</summary>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args)
    {
        string scenario = args.Length > 1 ? args[1] : "";
        if (scenario == "prepare" && args.Length > 2)
        {
            // In a process of its own: fitting the profiles compiles the very kernels the report and the check then use.
            File.WriteAllText(args[2], ReferenceProfile.Fit(Report(seed: 1, shift: 0)).ToJson());
            File.WriteAllText(MonitorProfileFile(args[2]), ReferenceProfile.Fit(MonitorReference()).ToJson());
            return 0;
        }

        bool prepared = scenario.EndsWith("-prepared", StringComparison.Ordinal);
        double prepareMilliseconds = 0;
        Action<Action> timed = warmUp =>
        {
            long begin = Stopwatch.GetTimestamp();
            warmUp();
            prepareMilliseconds = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
            WaitForQuietCompiler();
        };
        // Unprepared scenarios wait as well: the setup's own background tier-up would otherwise run beside their first
        // call, which a service's first check, minutes after its start, never meets.
        Action<Action> prepare = prepared ? timed : _ => WaitForQuietCompiler();
        Func<int, double>? call = scenario.Replace("-prepared", "", StringComparison.Ordinal) switch
        {
            "psi" => TwoSample((r, c) => PopulationStabilityIndex.Compute(r, c).Value, prepare),
            "ks" => TwoSample((r, c) => KolmogorovSmirnov.TwoSample(r, c).PValue, prepare),
            "report" when args.Length > 2 => ReportCall(args[2], prepare),
            "monitor" when args.Length > 2 => MonitorCheck(MonitorProfileFile(args[2]), prepare),
            _ => null,
        };
        if (call is null)
        {
            Console.Error.WriteLine("usage: --cold-start prepare <profile file> | --cold-start <psi|ks|report|monitor>[-prepared] [profile file]");
            return 2;
        }

        double[] milliseconds = new double[Calls];
        double checksum = 0, firstJit = 0;
        for (int i = 0; i < Calls; i++)
        {
            TimeSpan jitBefore = JitInfo.GetCompilationTime();
            long start = Stopwatch.GetTimestamp();
            checksum += call(i);
            milliseconds[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i == 0)
            {
                firstJit = (JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds;
            }
        }

        double steady = milliseconds[40..].Order().ElementAt(10);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario} first_ms={milliseconds[0]:F2} second_ms={milliseconds[1]:F2} steady_ms={steady:F2} first_ratio={milliseconds[0] / steady:F2} second_ratio={milliseconds[1] / steady:F2} first_jit_ms={firstJit:F2} prepare_ms={prepareMilliseconds:F2} checksum={checksum:G6}"));
        return 0;
    }

    /// <summary>
    /// Waits until no method has been compiled for half a second. A service's first real check comes a check interval
    /// (minutes) after its start, by when the background tier-up its start-up (and any warm-up) triggered is long over;
    /// measured at once, that compilation would run beside the first call on a two-core machine and be counted as its
    /// cost.
    /// </summary>
    private static void WaitForQuietCompiler()
    {
        long count;
        do
        {
            count = JitInfo.GetCompiledMethodCount();
            Thread.Sleep(500);
        }
        while (JitInfo.GetCompiledMethodCount() != count);
    }

    private static Func<int, double> TwoSample(Func<double[], double[], double> statistic, Action<Action> prepare)
    {
        var random = new Random(1);
        double[][] references = [Sample(random, 0), Sample(random, 0)];
        double[][] currents = [Sample(random, 0.01), Sample(random, 0.01)];
        prepare(DriftWarmUp.Run);
        return i => statistic(references[i % 2], currents[i % 2]);
    }

    private static Func<int, double> ReportCall(string profileFile, Action<Action> prepare)
    {
        ReferenceProfile profile = ReferenceProfile.FromJson(File.ReadAllText(profileFile));
        DriftDataset[] currents = [Report(seed: 2, shift: 0.05), Report(seed: 3, shift: 0.05)];
        prepare(() => DriftWarmUp.Run(profile, currents[0].RowCount));
        return i => DriftReport.Compute(profile, currents[i % 2]).DriftedFeatureCount;
    }

    private static string MonitorProfileFile(string profileFile) => profileFile + ".monitor";

    /// <summary>
    /// A full monitor check as <c>MonitoringBenchmarks.Check</c> makes it: five features and the prediction over a
    /// 10,000-row window against the champion's profile, with 10,000 labelled losses. The requests that fill the window
    /// run before the first timed call, so only the check's own path starts cold.
    /// </summary>
    private static Func<int, double> MonitorCheck(string profileFile, Action<Action> prepare)
    {
        var registry = new ModelRegistry(new InMemoryModelRegistryStore());
        var profiles = new FileSystemReferenceProfileStore(Directory.CreateTempSubdirectory("mlsystems-cold-monitor-").FullName);
        var monitor = new ModelMonitor(new ModelMonitorOptions
        {
            ModelName = "cold",
            FeatureNames = MonitorFeatures,
            WindowCapacity = 10_000,
            Drift = new DriftPolicy { MinimumRows = 5_000 },
            Performance = new PerformancePolicy { WindowSize = 10_000 },
        }, registry, profiles);
        ModelVersion v1 = monitor.RegisterAsync(new RetrainedModel(new MemoryStream([1, 2, 3]), ReferenceProfile.FromJson(File.ReadAllText(profileFile)),
            new ModelVersionMetadata { Metrics = new Dictionary<string, double> { ["loss"] = 0.3 } })).GetAwaiter().GetResult();
        registry.SetAliasAsync("cold", "champion", v1.Version, AliasCondition.Unset).GetAwaiter().GetResult();

        // The monitor learns its champion from a check, as a service's first one does at start-up: on an empty window it
        // tests nothing, so the drift path stays cold.
        monitor.CheckAsync().GetAwaiter().GetResult();
        double[] features = new double[MonitorFeatures.Length];
        var random = new Random(4);
        for (int i = 0; i < 10_000; i++)
        {
            string id = i.ToString(CultureInfo.InvariantCulture);
            for (int f = 0; f < features.Length; f++)
            {
                features[f] = random.NextDouble();
            }

            ModelRoute route = monitor.Route(id);
            monitor.RecordPrediction(id, route, features, random.NextDouble(), TimeSpan.FromMilliseconds(1));
            monitor.RecordLabel(id, random.Next(2));
        }

        prepare(() =>
        {
            if (!monitor.PrepareAsync().GetAwaiter().GetResult())
            {
                throw new InvalidOperationException("The monitor had no champion to prepare for.");
            }
        });
        return _ => (double)monitor.CheckAsync().GetAwaiter().GetResult().Health;
    }

    private static DriftDataset MonitorReference()
    {
        var random = new Random(5);
        return new DriftDataset(MonitorFeatures.Append("prediction").Select(n => FeatureColumn.Numeric(n, [.. Enumerable.Range(0, 20_000).Select(_ => random.NextDouble())])));
    }

    private static double[] Sample(Random random, double shift)
    {
        double[] values = new double[Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = RotatingInputs.Normal(random) + shift;
        }

        return values;
    }

    /// <summary>20 numeric features × 100,000 rows, a tenth of them shifted.</summary>
    private static DriftDataset Report(int seed, double shift)
    {
        var random = new Random(seed);
        return new DriftDataset(Enumerable.Range(0, 20).Select(f =>
        {
            double[] values = new double[100_000];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = RotatingInputs.Normal(random) + (f % 10 == 0 ? shift : 0);
            }

            return FeatureColumn.Numeric($"f{f:D2}", values);
        }));
    }
}
