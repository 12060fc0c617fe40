using System.Globalization;
using MlSystems.Monitoring.PostgreSql;
using MlSystems.Rollout;

namespace MlSystems.Monitoring.Worker;

// Usage: worker serve <schema> <model> <host> <requests-per-round> <round-milliseconds> <candidate-error-rate>
// A serving host against the PostgreSQL server named by MLSYSTEMS_POSTGRES: each round it flushes and reads the plan,
// then routes <requests-per-round> requests of random users by it and records each outcome (1% errors for version 1,
// <candidate-error-rate> for version 2), until a serving revision follows a canary. Then it flushes what is left, prints
// "served <requests> <last-sequence>" and exits 0. It prints "plan <revision>" each time it routes by a new revision.
internal static class ServingHostWorker
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 6)
        {
            Console.Error.WriteLine("usage: worker serve <schema> <model> <host> <requests-per-round> <round-milliseconds> <candidate-error-rate>");
            return 2;
        }

        string connectionString = Environment.GetEnvironmentVariable("MLSYSTEMS_POSTGRES") ?? throw new InvalidOperationException("MLSYSTEMS_POSTGRES is not set.");
        (string model, string hostId) = (args[1], args[2]);
        int requests = int.Parse(args[3], CultureInfo.InvariantCulture);
        TimeSpan round = TimeSpan.FromMilliseconds(int.Parse(args[4], CultureInfo.InvariantCulture));
        double candidateErrors = double.Parse(args[5], CultureInfo.InvariantCulture);
        await using var store = new PostgreSqlFleetStore(connectionString, new PostgreSqlFleetStoreOptions { Schema = args[0] });
        var host = new FleetServingHost(store, model, hostId);
        var random = new Random(hostId.GetHashCode(StringComparison.Ordinal));
        long served = 0, shown = 0;
        bool canarySeen = false;
        while (true)
        {
            await host.FlushAsync();

            if (host.Plan is not { } plan)
            {
                await Task.Delay(round);
                continue;
            }

            if (host.PlanRevision != shown)
            {
                shown = host.PlanRevision!.Value;
                Console.WriteLine($"plan {shown}");
                Console.Out.Flush();
            }

            canarySeen |= plan.Phase != FleetPhase.Serving;
            if (canarySeen && plan.Phase == FleetPhase.Serving)
            {
                // Everything served is flushed before the count is printed: the test compares it with the stored summaries.
                while (!await host.FlushAsync())
                {
                    await Task.Delay(round);
                }

                Console.WriteLine($"served {served} {host.Sequence}");
                return 0;
            }

            for (int i = 0; i < requests; i++)
            {
                FleetHostRoute route = host.Route(string.Create(CultureInfo.InvariantCulture, $"user-{random.Next(1_000_000)}"));
                double errorRate = route.Version == 2 ? candidateErrors : 0.01;
                host.Record(route, new CanaryObservation(random.NextDouble() < errorRate, TimeSpan.FromMilliseconds(5 + random.Next(20))));
                served++;
            }

            await Task.Delay(round);
        }
    }
}
