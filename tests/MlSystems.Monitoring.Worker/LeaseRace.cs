using System.Globalization;
using System.Text;
using MlSystems.Monitoring.PostgreSql;

namespace MlSystems.Monitoring.Worker;

// Usage: worker lease <schema> <model> <holder> <revisions> <lease-milliseconds> <hold-at>
// Against the PostgreSQL server named by MLSYSTEMS_POSTGRES. Until the model's plan reaches <revisions>, it flushes one
// summary per round as host <holder> (and flushes it again, as a retry after a lost acknowledgement would), takes or
// renews the model's lease, and while it holds the lease writes the next plan revision, printing
// "wrote <revision> <token>" after each, so a test can kill it between two writes. It prints "lost <token>" when a
// write finds the lease taken, and exits 0 once the plan has <revisions> revisions. A worker that writes one of the
// revisions in <hold-at> (comma-separated) then waits for a line on standard input, renewing nothing, as a coordinator
// paused by the machine would: a test can kill it there, or let its lease lapse, let another take over, and wake it, so
// that its next act is a write under the stale lease, which must be refused ("lost").
internal static class LeaseRace
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 6)
        {
            Console.Error.WriteLine("usage: worker lease <schema> <model> <holder> <revisions> <lease-milliseconds> <hold-at>");
            return 2;
        }

        string connectionString = Environment.GetEnvironmentVariable("MLSYSTEMS_POSTGRES") ?? throw new InvalidOperationException("MLSYSTEMS_POSTGRES is not set.");
        (string model, string holder) = (args[1], args[2]);
        long revisions = long.Parse(args[3], CultureInfo.InvariantCulture);
        TimeSpan leaseTime = TimeSpan.FromMilliseconds(int.Parse(args[4], CultureInfo.InvariantCulture));
        HashSet<long> holdAt = [.. args[5].Split(',').Select(r => long.Parse(r, CultureInfo.InvariantCulture))];
        await using var store = new PostgreSqlFleetStore(connectionString, new PostgreSqlFleetStoreOptions { Schema = args[0] });

        FleetLease? lease = null;
        bool woke = false;
        long sequence = 0;
        while (true)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var summary = new FleetSummary(model, holder, ++sequence, now, now, 1, Encoding.UTF8.GetBytes($"{holder} {sequence}"));
            await store.FlushAsync(summary);
            await store.FlushAsync(summary);

            // A woken worker acts on the lease it had, as a paused coordinator would before it notices the time.
            if (!woke)
            {
                lease = lease is null ? await store.TryAcquireLeaseAsync(model, holder, leaseTime) : await store.RenewLeaseAsync(lease, leaseTime);
            }

            woke = false;
            FleetPlan? plan = await store.ReadPlanAsync(model);
            long revision = plan?.Revision ?? 0;
            if (revision >= revisions)
            {
                return 0;
            }

            if (lease is null)
            {
                // Not the coordinator: poll for the lease as a standby does, a fraction of the lease time apart.
                await Task.Delay(leaseTime / 10);
                continue;
            }

            try
            {
                FleetPlan written = await store.WritePlanAsync(lease, revision, 1, Encoding.UTF8.GetBytes($"{holder} {revision + 1}"));
                Console.WriteLine($"wrote {written.Revision} {written.Token}");
                Console.Out.Flush();
                if (holdAt.Contains(written.Revision))
                {
                    _ = Console.ReadLine();
                    woke = true;
                }
            }
            catch (FleetLeaseLostException)
            {
                Console.WriteLine($"lost {lease.Token}");
                Console.Out.Flush();
                lease = null;
            }
            catch (FleetPlanConflictException)
            {
                // Another writer moved the plan between the read and the write: read it again.
            }
        }
    }
}
