using System.Diagnostics;
using System.Globalization;
using MlSystems.Drift;

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

    /// <summary>Runs <c>--cold-start prepare &lt;profile file&gt;</c> or <c>--cold-start &lt;psi|ks|report&gt; [profile file]</c>.</summary>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args)
    {
        string scenario = args.Length > 1 ? args[1] : "";
        if (scenario == "prepare" && args.Length > 2)
        {
            // In a process of its own: fitting the profile compiles the very kernels the report then uses.
            File.WriteAllText(args[2], ReferenceProfile.Fit(Report(seed: 1, shift: 0)).ToJson());
            return 0;
        }

        Func<int, double>? call = scenario switch
        {
            "psi" => TwoSample((r, c) => PopulationStabilityIndex.Compute(r, c).Value),
            "ks" => TwoSample((r, c) => KolmogorovSmirnov.TwoSample(r, c).PValue),
            "report" when args.Length > 2 => ReportCall(args[2]),
            _ => null,
        };
        if (call is null)
        {
            Console.Error.WriteLine("usage: --cold-start prepare <profile file> | --cold-start <psi|ks|report> [profile file]");
            return 2;
        }

        double[] milliseconds = new double[Calls];
        double checksum = 0;
        for (int i = 0; i < Calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            checksum += call(i);
            milliseconds[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        double steady = milliseconds[40..].Order().ElementAt(10);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario} first_ms={milliseconds[0]:F2} second_ms={milliseconds[1]:F2} steady_ms={steady:F2} first_ratio={milliseconds[0] / steady:F2} second_ratio={milliseconds[1] / steady:F2} checksum={checksum:G6}"));
        return 0;
    }

    private static Func<int, double> TwoSample(Func<double[], double[], double> statistic)
    {
        var random = new Random(1);
        double[][] references = [Sample(random, 0), Sample(random, 0)];
        double[][] currents = [Sample(random, 0.01), Sample(random, 0.01)];
        return i => statistic(references[i % 2], currents[i % 2]);
    }

    private static Func<int, double> ReportCall(string profileFile)
    {
        ReferenceProfile profile = ReferenceProfile.FromJson(File.ReadAllText(profileFile));
        DriftDataset[] currents = [Report(seed: 2, shift: 0.05), Report(seed: 3, shift: 0.05)];
        return i => DriftReport.Compute(profile, currents[i % 2]).DriftedFeatureCount;
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
