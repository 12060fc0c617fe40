using System.Diagnostics;
using System.Globalization;
using MlSystems.Features;
using MlSystems.Features.Redis;
using StackExchange.Redis;

namespace MlSystems.Benchmarks.Features;

/// <summary>
/// Ingest throughput of partitioned stream processing beside the engine alone: <c>--stream-throughput [events]</c>
/// publishes the events to a fresh Redis stream of 8 partitions, then times (a) one in-process engine decoding and
/// ingesting the same payloads, (b) one <see cref="FeatureStreamProcessor{TEvent}"/> draining the stream (reads,
/// ingest, guarded store writes, checkpoints), and (c) two processors sharing it. Three rounds on rotating seeds; the
/// median and the ratio to the engine alone are printed. End-to-end wall time, so it is not a BenchmarkDotNet case.
/// </summary>
internal static class StreamThroughputRun
{
    private const int Partitions = 8;
    private const int Entities = 10_000;

    private static readonly FeatureSet<ClickEvent> Features = new FeatureSetBuilder<ClickEvent>("throughput", e => e.User, e => e.Time)
        .Row("amount", e => e.Amount)
        .Window("count_10m", e => e.Amount, Aggregation.Count, FeatureWindow.Sliding(TimeSpan.FromMinutes(10)))
        .Window("sum_1h", e => e.Amount, Aggregation.Sum, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
        .Window("max_30m", e => e.Amount, Aggregation.Max, FeatureWindow.Hopping(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10)))
        .Build();

    private static readonly JsonFeatureEventCodec<ClickEvent> Codec = new JsonFeatureEventCodec<ClickEvent>(ClickEventJson.Default.ClickEvent);

    public static int Run(string[] args)
    {
        int count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        string redis = Environment.GetEnvironmentVariable("MLSYSTEMS_REDIS") ?? throw new InvalidOperationException("Set MLSYSTEMS_REDIS (eng/start-redis.sh).");
        var rates = new List<(double Engine, double One, double Two)>();
        for (int round = 0; round < 3; round++)
        {
            ClickEvent[] events = Events(round, count);
            rates.Add((EngineAlone(events), Processors(redis, events, 1).GetAwaiter().GetResult(), Processors(redis, events, 2).GetAwaiter().GetResult()));
        }

        double Median(Func<(double Engine, double One, double Two), double> pick) => rates.Select(pick).Order().ElementAt(1);
        double engine = Median(r => r.Engine), one = Median(r => r.One), two = Median(r => r.Two);
        Console.WriteLine($"| {count:N0} events, {Entities:N0} entities, {Partitions} partitions (median of 3) | events/s | / engine alone |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| engine alone (decode + batched ingest, one thread) | {engine:N0} | 1.00 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| 1 processor (read, ingest, store, checkpoint) | {one:N0} | {one / engine:F3} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| 2 processors sharing the partitions | {two:N0} | {two / engine:F3} |"));
        return 0;
    }

    private static ClickEvent[] Events(int seed, int count)
    {
        var random = new Random(20261207 + seed);
        var clocks = new DateTimeOffset[Entities];
        clocks.AsSpan().Fill(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            int user = random.Next(Entities);
            clocks[user] = clocks[user].AddSeconds(random.Next(1, 60));
            return new ClickEvent($"user-{user}", clocks[user], random.Next(1, 1_000));
        })];
    }

    private static double EngineAlone(ClickEvent[] events)
    {
        byte[][] payloads = [.. events.Select(Codec.Encode)];
        var engine = new FeatureEngine<ClickEvent>(Features);
        long start = Stopwatch.GetTimestamp();
        var batch = new ClickEvent[512];
        for (int i = 0; i < payloads.Length; i += batch.Length)
        {
            int n = Math.Min(batch.Length, payloads.Length - i);
            for (int k = 0; k < n; k++)
            {
                batch[k] = Codec.Decode(payloads[i + k]);
            }

            engine.Ingest(batch.AsSpan(0, n));
        }

        return events.Length / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task<double> Processors(string redis, ClickEvent[] events, int count)
    {
        string prefix = $"bench:{Guid.NewGuid():N}:";
        var streamOptions = new RedisFeatureStreamOptions { KeyPrefix = prefix + "streams:", PartitionCount = Partitions };
        var connections = new List<ConnectionMultiplexer>();
        try
        {
            var processors = new List<FeatureStreamProcessor<ClickEvent>>();
            for (int p = 0; p < count; p++)
            {
                ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(redis);
                connections.Add(connection);
                processors.Add(new FeatureStreamProcessor<ClickEvent>(
                    Features,
                    new RedisFeatureEventLog(connection, Features.Name, streamOptions),
                    new RedisPartitionCoordinator(connection, Features.Name, streamOptions),
                    new RedisOnlineFeatureStore(connection, Features.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = prefix + "features:" }),
                    Codec,
                    new FeatureStreamProcessorOptions { ProcessorId = $"bench-{p}", LeaseDuration = TimeSpan.FromSeconds(3) }));
            }

            // Settle the shares before the clock starts: a heartbeat each, a third of the lease, then the handover.
            foreach (FeatureStreamProcessor<ClickEvent> processor in processors)
            {
                await processor.StepAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(1.1));
            foreach (FeatureStreamProcessor<ClickEvent> processor in processors)
            {
                await processor.StepAsync();
            }

            await new FeatureStreamProducer<ClickEvent>(Features, new RedisFeatureEventLog(connections[0], Features.Name, streamOptions), Codec).PublishAsync(events);
            long start = Stopwatch.GetTimestamp();
            await Task.WhenAll(processors.Select(processor => Task.Run(async () =>
            {
                while (await processor.StepAsync() > 0 || processors.Sum(p => p.Counters.Events) < events.Length)
                {
                }
            })));
            double rate = events.Length / Stopwatch.GetElapsedTime(start).TotalSeconds;
            foreach (FeatureStreamProcessor<ClickEvent> processor in processors)
            {
                await processor.StopAsync(CancellationToken.None);
            }

            IServer server = connections[0].GetServers()[0];
            await foreach (RedisKey key in server.KeysAsync(pattern: prefix + "*"))
            {
                await connections[0].GetDatabase().KeyDeleteAsync(key);
            }

            return rate;
        }
        finally
        {
            foreach (ConnectionMultiplexer connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
