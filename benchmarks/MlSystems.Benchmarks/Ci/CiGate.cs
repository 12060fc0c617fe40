using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MlSystems.Statistics.Simd;

namespace MlSystems.Benchmarks.Ci;

/// <summary>
/// The CI benchmark job (<c>benchmarks/ci.sh</c>): runs each headline benchmark beside its peer in one short in-process
/// BenchmarkDotNet run, the cold-start scenarios in fresh processes, and holds every ratio, allocation and first-call
/// figure to the limits in <c>benchmarks/ci-floors.json</c>. Writes BenchmarkDotNet's JSON and a one-table markdown
/// summary (with the CPU, the vector widths in use and the runtime) to the artifacts folder. A figure outside its limit
/// is measured once more on its own; the job exits 1 naming every figure that failed both times.
/// </summary>
internal static class CiGate
{
    private const int ColdStartRuns = 3;
    private static readonly Dictionary<string, string> NoParameters = [];

    /// <summary>Runs <c>--ci &lt;floors.json&gt; &lt;artifacts folder&gt; [peers.json]</c>.</summary>
    /// <returns>0 when every figure is within its limit, 1 when one is not, 2 for bad arguments.</returns>
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: --ci <floors.json> <artifacts folder> [peers.json from benchmarks/peers/drift_peers.py]");
            return 2;
        }

        GateFloors floors = JsonSerializer.Deserialize(File.ReadAllText(args[1]), GateJson.Default.GateFloors)
            ?? throw new InvalidDataException($"{args[1]} holds no floors.");
        if (floors.Ratios.Select(g => g.Name).Concat(floors.External.Select(g => g.Name)).Concat(floors.Allocations.Select(g => g.Name)).Concat(floors.ColdStart.Select(g => g.Name))
            .GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidDataException($"{args[1]} names two figures '{duplicate.Key}': each name must be unique.");
        }

        string artifacts = Directory.CreateDirectory(args[2]).FullName;
        Dictionary<string, double>? peers = args.Length > 3 ? JsonSerializer.Deserialize(File.ReadAllText(args[3]), GateJson.Default.DictionaryStringDouble) : null;
        if (floors.External.Count > 0 && peers is null)
        {
            Console.Error.WriteLine($"{floors.External.Count} floors compare with scipy/numpy: pass the output of benchmarks/peers/drift_peers.py.");
            return 2;
        }

        List<GateRow> rows = Evaluate(floors, peers, artifacts, out Summary[] summaries);
        if (rows.Any(r => !r.Passed))
        {
            // A noisy runner can push one figure past its limit; a regression does it every time. The figures that
            // failed are measured again, alone, and fail the job only if they fail twice. (A scipy/numpy peer's time
            // is the peers script's, measured once before the run.)
            bool Failed(string name) => rows.Exists(r => r.Name == name && !r.Passed);
            var again = new GateFloors
            {
                Ratios = [.. floors.Ratios.Where(g => Failed(g.Name))],
                External = [.. floors.External.Where(g => Failed(g.Name))],
                Allocations = [.. floors.Allocations.Where(g => Failed(g.Name))],
                ColdStart = [.. floors.ColdStart.Where(g => Failed(g.Name))],
            };
            Dictionary<string, GateRow> second = Evaluate(again, peers, Path.Combine(artifacts, "second-run"), out _).ToDictionary(r => r.Name, StringComparer.Ordinal);
            rows = [.. rows.Select(r => r.Passed ? r : second[r.Name] with { Detail = $"{second[r.Name].Detail}; measured twice, first {r.Measured}" })];
        }

        string summary = Markdown(rows, summaries);
        File.WriteAllText(Path.Combine(artifacts, "ci-summary.md"), summary);
        Console.WriteLine(summary);
        foreach (GateRow failed in rows.Where(r => !r.Passed))
        {
            Console.Error.WriteLine($"FAIL {failed.Name}: {failed.Measured} against {failed.Limit} ({failed.Detail})");
        }

        return rows.All(r => r.Passed) ? 0 : 1;
    }

    private static List<GateRow> Evaluate(GateFloors floors, Dictionary<string, double>? peers, string artifacts, out Summary[] summaries)
    {
        List<BenchmarkReport> reports = RunBenchmarks(floors, Directory.CreateDirectory(artifacts).FullName, out summaries);
        var rows = new List<GateRow>();
        rows.AddRange(floors.Ratios.Select(gate => Ratio(gate, Find(reports, gate.Benchmark, gate.Ours, gate.Parameters), Find(reports, gate.Benchmark, gate.Peer, gate.Parameters)?.ResultStatistics?.Median)));
        rows.AddRange(floors.External.Select(gate => Ratio(gate, Find(reports, gate.Benchmark, gate.Ours, gate.Parameters), peers!.TryGetValue(gate.Peer, out double seconds) ? seconds * 1e9 : null)));
        rows.AddRange(floors.Allocations.Select(gate => Allocation(gate, Find(reports, gate.Benchmark, gate.Method, gate.Parameters))));
        rows.AddRange(ColdStart(floors.ColdStart, artifacts));
        return rows;
    }

    private static List<BenchmarkReport> RunBenchmarks(GateFloors floors, string artifacts, out Summary[] summaries)
    {
        var wanted = floors.Ratios.SelectMany(g => new[] { (g.Benchmark, Method: g.Ours, g.Parameters), (g.Benchmark, Method: g.Peer, g.Parameters) })
            .Concat(floors.External.Select(g => (g.Benchmark, Method: g.Ours, g.Parameters)))
            .Concat(floors.Allocations.Select(g => (g.Benchmark, g.Method, g.Parameters)))
            .ToList();

        // In process: no generated project to build per class (minutes on two cores), and the short job is enough for
        // ratios held to half their claimed value.
        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(7))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(JsonExporter.FullCompressed, MarkdownExporter.GitHub)
            .AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(artifacts);
        BenchmarkRunInfo[] runs = [.. typeof(CiGate).Assembly.GetTypes()
            .Where(t => wanted.Any(w => w.Benchmark == t.Name))
            .Select(t =>
            {
                BenchmarkRunInfo all = BenchmarkConverter.TypeToBenchmarks(t, config);
                BenchmarkCase[] cases = [.. all.BenchmarksCases.Where(c => wanted.Any(w => w.Benchmark == t.Name && w.Method == c.Descriptor.WorkloadMethod.Name && Matches(c, w.Parameters)))];
                return new BenchmarkRunInfo(cases, t, all.Config);
            })];
        foreach ((string benchmark, string method, IReadOnlyDictionary<string, string>? parameters) in wanted)
        {
            if (!runs.Any(r => r.BenchmarksCases.Any(c => r.Type.Name == benchmark && c.Descriptor.WorkloadMethod.Name == method && Matches(c, parameters))))
            {
                throw new InvalidDataException($"The floors name {benchmark}.{method} {Describe(parameters)}, which is no benchmark case.");
            }
        }

        summaries = runs.Any(r => r.BenchmarksCases.Length > 0) ? BenchmarkRunner.Run([.. runs.Where(r => r.BenchmarksCases.Length > 0)]) : [];
        return [.. summaries.SelectMany(s => s.Reports)];
    }

    private static GateRow Ratio(RatioGate gate, BenchmarkReport? ours, double? peerNanoseconds)
    {
        string claimed = string.Create(CultureInfo.InvariantCulture, $"{gate.Claimed:0.#}x");
        string limit = string.Create(CultureInfo.InvariantCulture, $"≥ {gate.Floor:0.#}x");
        if (ours?.ResultStatistics is not { } statistics || peerNanoseconds is not double peer)
        {
            return new GateRow(gate.Name, "no result", limit, claimed, "a benchmark did not run or failed", false);
        }

        double ratio = peer / statistics.Median;
        return new GateRow(gate.Name, string.Create(CultureInfo.InvariantCulture, $"{ratio:0.0}x"), limit, claimed,
            string.Create(CultureInfo.InvariantCulture, $"ours {Time(statistics.Median)}, {gate.Peer} {Time(peer)}"), ratio >= gate.Floor);
    }

    private static GateRow Allocation(AllocationGate gate, BenchmarkReport? report)
    {
        string limit = string.Create(CultureInfo.InvariantCulture, $"≤ {gate.MaximumBytes} B");
        if (report?.ResultStatistics is null)
        {
            return new GateRow(gate.Name, "no result", limit, "", "the benchmark did not run or failed", false);
        }

        // BenchmarkDotNet divides by its operations, which a benchmark that counts values or events (OperationsPerInvoke)
        // makes millions per call: the budget is per call.
        int operations = report.BenchmarkCase.Descriptor.OperationsPerInvoke;
        long? perOperation = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
        long bytes = perOperation is long b ? b * operations : long.MaxValue;
        string detail = $"{gate.Benchmark}.{gate.Method} {Describe(gate.Parameters)}".Trim() + (operations > 1 ? string.Create(CultureInfo.InvariantCulture, $", per call of {operations:N0} operations") : "");
        return new GateRow(gate.Name, string.Create(CultureInfo.InvariantCulture, $"{bytes} B"), limit, "", detail, bytes <= gate.MaximumBytes);
    }

    /// <summary>Each scenario in <see cref="ColdStartRuns"/> fresh processes of this benchmark program; medians.</summary>
    private static IEnumerable<GateRow> ColdStart(IReadOnlyList<ColdStartGate> gates, string artifacts)
    {
        if (gates.Count == 0)
        {
            yield break;
        }

        string profile = Path.Combine(artifacts, "cold-start-profile.json");
        string? prepareFailure = Attempt(() => Child("prepare", profile));
        foreach (ColdStartGate gate in gates)
        {
            List<Dictionary<string, double>> runs = [];
            string? failure = prepareFailure ?? Attempt(() => runs.AddRange(Enumerable.Range(0, ColdStartRuns).Select(_ => Child(gate.Scenario, profile))));
            if (failure is not null || runs.Exists(r => !r.ContainsKey("first_ratio") || !r.ContainsKey("second_ratio") || !r.ContainsKey("steady_ms")))
            {
                yield return new GateRow(gate.Name, "no result", string.Create(CultureInfo.InvariantCulture, $"≤ {gate.MaximumFirst:0.#}x / {gate.MaximumSecond:0.#}x"), "", failure ?? "a run printed no ratios", false);
                continue;
            }

            double first = Median(runs.Select(r => r["first_ratio"])), second = Median(runs.Select(r => r["second_ratio"]));
            yield return new GateRow(gate.Name, string.Create(CultureInfo.InvariantCulture, $"{first:0.00}x / {second:0.00}x"),
                string.Create(CultureInfo.InvariantCulture, $"≤ {gate.MaximumFirst:0.#}x / {gate.MaximumSecond:0.#}x"),
                string.Create(CultureInfo.InvariantCulture, $"{gate.Claimed:0.#}x first"),
                string.Create(CultureInfo.InvariantCulture, $"first / second call against steady ({Median(runs.Select(r => r["steady_ms"])):0.##} ms), median of {ColdStartRuns} fresh processes"),
                first <= gate.MaximumFirst && second <= gate.MaximumSecond);
        }
    }

    /// <summary>Runs <paramref name="action"/>; returns its failure's message, or null.</summary>
    private static string? Attempt(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            return e.Message;
        }
    }

    /// <summary>Runs <c>--cold-start</c> in a fresh process and parses its <c>key=value</c> line.</summary>
    private static Dictionary<string, double> Child(string scenario, string profile)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(CiGate).Assembly.Location);
        }

        foreach (string argument in new[] { "--cold-start", scenario, profile })
        {
            start.ArgumentList.Add(argument);
        }

        using Process child = Process.Start(start) ?? throw new InvalidOperationException("The cold-start process did not start.");
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"--cold-start {scenario} exited with {child.ExitCode}: {output}");
        }

        return output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Contains('=', StringComparison.Ordinal))
            .Select(p => p.Split('=')).Where(p => p.Length == 2 && double.TryParse(p[1], CultureInfo.InvariantCulture, out _))
            .DistinctBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    private static string Markdown(List<GateRow> rows, Summary[] summaries)
    {
        var text = new StringBuilder();
        string cpu = summaries.FirstOrDefault()?.HostEnvironmentInfo.Cpu.Value?.ProcessorName ?? "unknown CPU";
        text.AppendLine(CultureInfo.InvariantCulture, $"# CI benchmark gate: {(rows.All(r => r.Passed) ? "passed" : $"{rows.Count(r => !r.Passed)} of {rows.Count} failed")}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- CPU: {cpu}, {Environment.ProcessorCount} logical cores; {RuntimeInformation.OSDescription}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Runtime: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Accelerated vectors: 512-bit {YesNo(Vector512.IsHardwareAccelerated)}, 256-bit {YesNo(Vector256.IsHardwareAccelerated)}, 128-bit {YesNo(Vector128.IsHardwareAccelerated)}; kernels run at: moments {Bits(VectorWidths.Moments)}, bin counting {Bits(VectorWidths.BinCounting)}, aggregation {Bits(VectorWidths.Aggregation)}, NaN counting {Bits(VectorWidths.NaNCounting)}");
        string? version = typeof(VectorWidths).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        string? measured = typeof(CiGate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "MlSystemsMeasured")?.Value;
        text.AppendLine(CultureInfo.InvariantCulture, $"- MlSystems {version ?? "unversioned"}, built from {measured ?? "unknown"}");
        text.AppendLine();
        text.AppendLine("| figure | measured | limit | README claims | detail | verdict |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (GateRow row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Name} | {row.Measured} | {row.Limit} | {row.Claimed} | {row.Detail} | {(row.Passed ? "pass" : "**FAIL**")} |");
        }

        return text.ToString();
    }

    private static BenchmarkReport? Find(List<BenchmarkReport> reports, string benchmark, string method, IReadOnlyDictionary<string, string>? parameters) =>
        reports.Find(r => r.BenchmarkCase.Descriptor.Type.Name == benchmark && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method && Matches(r.BenchmarkCase, parameters));

    private static bool Matches(BenchmarkCase c, IReadOnlyDictionary<string, string>? parameters) =>
        (parameters ?? NoParameters).All(p => c.Parameters.Items.Any(i => i.Name == p.Key && Convert.ToString(i.Value, CultureInfo.InvariantCulture) == p.Value));

    private static string Describe(IReadOnlyDictionary<string, string>? parameters) =>
        string.Join(", ", (parameters ?? NoParameters).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Time(double nanoseconds) => nanoseconds switch
    {
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e6:0.##} ms"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e3:0.##} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:0.###} ns"),
    };

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Bits(VectorWidth preferred) => VectorWidths.Resolve(preferred) is VectorWidth.Scalar ? "scalar" : $"{(int)VectorWidths.Resolve(preferred)}-bit";
}
