using System.Diagnostics;
using System.Globalization;

namespace MlSystems.Benchmarks.Features;

/// <summary>
/// Per-call latency percentiles of the Redis store beside its floors (BenchmarkDotNet reports means of iterations, not
/// a tail): <c>--redis-latency [calls]</c> times each call of <see cref="RedisStoreBenchmarks"/> on its own, the cases
/// interleaved call by call in a shuffled order so the machine's noise falls on all of them alike, and prints p50 and
/// p99 with the ratio to the floor each is paired with.
/// </summary>
internal static class RedisLatencyRun
{
    public static int Run(string[] args)
    {
        int calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var bench = new RedisStoreBenchmarks();
        bench.Setup();
        try
        {
            (string Name, string Floor, Func<Task> Call)[] cases =
            [
                ("GET one vector (floor)", "", async () => await bench.FloorGet()),
                ("ReadAsync one entity", "GET one vector (floor)", async () => await bench.Read()),
                ("MGET 100 vectors (floor)", "", async () => await bench.FloorMget()),
                ("ReadManyAsync 100 entities", "MGET 100 vectors (floor)", async () => await bench.ReadMany()),
                ("MSET 100 vectors (floor, no guard)", "", async () => await bench.FloorMset()),
                ("WriteManyAsync 100 entities", "MSET 100 vectors (floor, no guard)", async () => await bench.WriteMany()),
            ];
            var samples = cases.Select(_ => new double[calls]).ToArray();
            var random = new Random(20261207);
            int[] order = [.. Enumerable.Range(0, cases.Length)];
            for (int i = -1_000; i < calls; i++)
            {
                // A fresh order each round: a call right after a 100-key write waits on a busier server than one after a read.
                random.Shuffle(order);
                foreach (int c in order)
                {
                    long start = Stopwatch.GetTimestamp();
                    cases[c].Call().GetAwaiter().GetResult();
                    if (i >= 0)
                    {
                        samples[c][i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                    }
                }
            }

            var percentiles = samples.Select(s => { Array.Sort(s); return (P50: s[s.Length / 2], P99: s[(int)(s.Length * 0.99)]); }).ToArray();
            Console.WriteLine($"| call ({calls:N0} each, interleaved) | p50 µs | p99 µs | p50 / floor | p99 / floor |");
            Console.WriteLine("|---|---|---|---|---|");
            for (int c = 0; c < cases.Length; c++)
            {
                int floor = Array.FindIndex(cases, f => f.Name == cases[c].Floor);
                string ratio50 = floor < 0 ? "" : (percentiles[c].P50 / percentiles[floor].P50).ToString("F2", CultureInfo.InvariantCulture);
                string ratio99 = floor < 0 ? "" : (percentiles[c].P99 / percentiles[floor].P99).ToString("F2", CultureInfo.InvariantCulture);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {cases[c].Name} | {percentiles[c].P50:F1} | {percentiles[c].P99:F1} | {ratio50} | {ratio99} |"));
            }
        }
        finally
        {
            bench.Cleanup();
        }

        return 0;
    }
}
