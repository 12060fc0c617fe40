using BenchmarkDotNet.Attributes;
using MlSystems.Rollout;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Benchmarks.Statistics;

/// <summary>
/// What exact merging costs per value: <see cref="ExactMoments.Add(double)"/> (Σx and Σx² as Shewchuk expansions, so summaries
/// from many hosts merge to the same bits in any order) beside <see cref="RunningMoments.Add(double)"/> (Welford, one rounding
/// per step), and a canary window's per-request <c>Add</c>, which now keeps its business metric in exact moments.
/// 10,000 values per invocation, rotating over three inputs.
/// </summary>
[MemoryDiagnoser]
public class ExactMomentsBenchmarks
{
    private const int Length = 10_000;
    private readonly RotatingInputs inputs = new(3, Length, RotatingInputs.Normal);

    [Benchmark(Baseline = true, OperationsPerInvoke = Length)]
    public double RunningMoments_Add()
    {
        var moments = new RunningMoments();
        foreach (double x in inputs.Next())
        {
            moments.Add(x);
        }

        return moments.Mean;
    }

    [Benchmark(OperationsPerInvoke = Length)]
    public long ExactMoments_Add()
    {
        var moments = new ExactMoments();
        foreach (double x in inputs.Next())
        {
            moments.Add(x);
        }

        return moments.Count;
    }

    [Benchmark(OperationsPerInvoke = Length)]
    public long CanaryWindow_Add_with_a_business_value()
    {
        var window = new CanaryWindow(predictionCapacity: 0);
        foreach (double x in inputs.Next())
        {
            window.Add(new CanaryObservation(x > 2, TimeSpan.FromMilliseconds(20 + x), BusinessValue: x));
        }

        return window.Count;
    }
}
