using System.Globalization;
using Microsoft.ML;
using MlSystems.Monitoring;
using MlSystems.Monitoring.PostgreSql;
using MlSystems.Registry;
using MlSystems.Registry.PostgreSql;

namespace MlSystems.Samples.FraudLoop;

/// <summary>
/// One serving replica of the fleet run, a process of its own: it plays the same transaction stream as every replica
/// and serves every <c>n</c>-th transaction (its share of the load balancer's traffic), routed by the fleet's plan and
/// scored with the version the plan names, then flushes what it served. It moves in step with the run that started it:
/// a line <c>hour h</c> on standard input serves hour <c>h</c> and answers <c>served h total version=count…</c>; a line
/// <c>stop</c> ends it.
/// </summary>
internal static class FleetHostProcess
{
    /// <summary>The arguments: index, host count, output directory, registry schema, fleet schema, then the options.</summary>
    public static string[] Arguments(int index, int hosts, string root, string registrySchema, string fleetSchema, FraudLoopOptions options) =>
    [
        "--fleet-host", $"{index}", $"{hosts}", root, registrySchema, fleetSchema,
        $"{options.Seed}", $"{options.TransactionsPerHour}", $"{options.HolidayStartsAt}", $"{options.FraudRingStartsAt}", options.LabelDelay.ToString("c", CultureInfo.InvariantCulture), $"{options.HistoryHours}",
    ];

    public static async Task<int> RunAsync(string[] args, string connectionString)
    {
        int index = Int(args[0]), hosts = Int(args[1]);
        (string root, string registrySchema, string fleetSchema) = (args[2], args[3], args[4]);
        var options = new FraudLoopOptions
        {
            Seed = Int(args[5]),
            TransactionsPerHour = Int(args[6]),
            HolidayStartsAt = Int(args[7]),
            FraudRingStartsAt = Int(args[8]),
            LabelDelay = TimeSpan.ParseExact(args[9], "c", CultureInfo.InvariantCulture),
            HistoryHours = Int(args[10]),
        };

        var clock = new SimulatedClock(FraudLoopSimulation.Start);
        using var registryStore = new PostgreSqlModelRegistryStore(connectionString, new PostgreSqlRegistryStoreOptions { Schema = registrySchema }, clock);
        var registry = new ModelRegistry(registryStore, clock);
        await using var fleet = new PostgreSqlFleetStore(connectionString, new PostgreSqlFleetStoreOptions { Schema = fleetSchema }, clock);
        var profiles = new FileSystemReferenceProfileStore(Path.Combine(root, "profiles"));
        using var monitor = new ModelMonitor(FraudLoopSimulation.CreateMonitorOptions(options), registry, profiles, fleet, FleetLoopSimulation.Fleet(FleetRole.Serving, $"host-{index + 1}"), timeProvider: clock);
        using var engines = new ScoringEngines(registry);

        // The stream every replica plays starts where the first model's history ended.
        var generator = new TransactionGenerator(options.Seed);
        for (int i = 0; i < options.HistoryHours * options.TransactionsPerHour; i++)
        {
            _ = generator.Next();
        }

        var pending = new Queue<(DateTimeOffset Due, string Id, Transaction Transaction)>();
        var features = new double[Transaction.FeatureNames.Length];
        TimeSpan gap = TimeSpan.FromHours(1) / options.TransactionsPerHour;
        long sequence = 0;
        Console.WriteLine("ready");
        while (Console.ReadLine() is { } line && line.StartsWith("hour ", StringComparison.Ordinal))
        {
            int hour = Int(line[5..]);
            await monitor.CheckAsync();
            generator.Regime = options.RegimeAt(hour);
            var served = new SortedDictionary<int, int>();
            for (int i = 0; i < options.TransactionsPerHour; i++, sequence++)
            {
                (Transaction transaction, int card) = generator.Next();
                if (sequence % hosts == index)
                {
                    ModelRoute route = monitor.Route(string.Create(CultureInfo.InvariantCulture, $"card-{card}"));
                    PredictionEngine<Transaction, FraudScore> engine = await engines.GetAsync(route.Version, CancellationToken.None);
                    float probability = engine.Predict(transaction).Probability;
                    string id = string.Create(CultureInfo.InvariantCulture, $"{sequence}");
                    transaction.CopyFeatures(features);
                    monitor.RecordPrediction(id, route, features, probability, TimeSpan.FromMilliseconds(1));
                    pending.Enqueue((clock.GetUtcNow() + options.LabelDelay, id, transaction));
                    served[route.Version] = served.GetValueOrDefault(route.Version) + 1;
                }

                clock.Advance(gap);
            }

            while (pending.TryPeek(out var due) && due.Due <= clock.GetUtcNow())
            {
                pending.Dequeue();
                monitor.RecordLabel(due.Id, due.Transaction.Label ? 1 : 0);
            }

            await monitor.CheckAsync();
            Console.WriteLine($"served {hour} {served.Values.Sum()} {string.Join(' ', served.Select(p => $"{p.Key}={p.Value}"))}");
        }

        return 0;
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
