using System.Globalization;
using MlSystems.Monitoring.PostgreSql;
using MlSystems.Registry;
using MlSystems.Registry.PostgreSql;
using MlSystems.Rollout;

namespace MlSystems.Monitoring.Worker;

// Usage: worker coordinate <schema> <registry-schema> <model> <holder> <lease-milliseconds> <round-milliseconds>
// A coordinator candidate against the PostgreSQL server named by MLSYSTEMS_POSTGRES: each round it runs the model's
// coordinator round and prints "wrote <revision> <phase> <step> <token>" for each revision it writes; leading a fleet
// whose plan is its first serving revision, it starts a canary of version 2. It prints "silent <host>" once for each
// host the round reports silent, holds before its first alias move (see HoldingRegistry), and exits 0 once a serving
// revision follows a canary.
internal static class CoordinatorWorker
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 6)
        {
            Console.Error.WriteLine("usage: worker coordinate <schema> <registry-schema> <model> <holder> <lease-milliseconds> <round-milliseconds>");
            return 2;
        }

        string connectionString = Environment.GetEnvironmentVariable("MLSYSTEMS_POSTGRES") ?? throw new InvalidOperationException("MLSYSTEMS_POSTGRES is not set.");
        (string model, string holder) = (args[2], args[3]);
        TimeSpan lease = TimeSpan.FromMilliseconds(int.Parse(args[4], CultureInfo.InvariantCulture));
        TimeSpan round = TimeSpan.FromMilliseconds(int.Parse(args[5], CultureInfo.InvariantCulture));
        await using var store = new PostgreSqlFleetStore(connectionString, new PostgreSqlFleetStoreOptions { Schema = args[0] });
        using var registryStore = new PostgreSqlModelRegistryStore(connectionString, new PostgreSqlRegistryStoreOptions { Schema = args[1] });
        IModelRegistry registry = HoldingRegistry.Wrap(new ModelRegistry(registryStore));
        var coordinator = new FleetCoordinator(store, registry, new FleetCoordinatorSettings
        {
            ModelName = model,
            Holder = holder,
            LeaseDuration = lease,
            FlushInterval = round,
            CanaryPlan = Plan,
        });

        var reported = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            FleetRound result = await coordinator.RunRoundAsync();
            List<long> written = [.. result.Written.Select(w => w.Revision)];
            if (result is { Leading: true, Revision: 1, Plan.Phase: FleetPhase.Serving } && await coordinator.StartCanaryAsync(2) is long started)
            {
                written.Add(started);
            }

            foreach (long revision in written)
            {
                FleetPlan stored = (await store.ReadPlanHistoryAsync(model, revision - 1, 1))[0];
                RoutingPlan plan = RoutingPlan.FromRevision(stored);
                Console.WriteLine($"wrote {revision} {plan.Phase} {plan.Step} {stored.Token}");
            }

            foreach (FleetHost silent in result.SilentHosts.Where(h => reported.Add(h.HostId)))
            {
                Console.WriteLine($"silent {silent.HostId}");
            }

            Console.Out.Flush();
            FleetPlan? latest = await store.ReadPlanAsync(model);
            if (latest is { Revision: > 1 } && RoutingPlan.FromRevision(latest).Phase == FleetPhase.Serving)
            {
                return 0;
            }

            await Task.Delay(round);
        }
    }

    // Three short steps judged on errors, loose enough that an equal candidate passes each within a few seconds.
    private static CanaryOptions Plan(int champion, int candidate) => new()
    {
        Name = string.Create(CultureInfo.InvariantCulture, $"fleet-v{candidate}"),
        ChampionVersion = champion.ToString(CultureInfo.InvariantCulture),
        CandidateVersion = candidate.ToString(CultureInfo.InvariantCulture),
        Steps = [new CanaryStep(10, TimeSpan.FromSeconds(1), 500), new CanaryStep(50, TimeSpan.FromSeconds(1), 500), new CanaryStep(100, TimeSpan.FromSeconds(1), 500)],
        Gates = [new ErrorRateGate(maximumIncrease: 0.02)],
        PredictionSampleCapacity = 0,
    };
}
