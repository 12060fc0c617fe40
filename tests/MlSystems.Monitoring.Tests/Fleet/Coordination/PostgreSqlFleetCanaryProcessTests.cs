using System.Globalization;
using System.Threading.Channels;
using MlSystems.Monitoring.PostgreSql;
using MlSystems.Registry;
using MlSystems.Registry.PostgreSql;

namespace MlSystems.Monitoring.Tests.Fleet.Coordination;

/// <summary>
/// A canary on a fleet of OS processes over one PostgreSQL server: three serving hosts and two coordinator candidates.
/// A host is killed once the canary routes; the leader that writes the second step is killed in the middle of it, and a
/// replacement candidate starts; the leader about to move the alias is killed between its promoting revision and the
/// move. Afterwards: one promotion, every step once in order, one alias move, every flushed summary stored once, and the
/// surviving hosts' requests all counted.
/// </summary>
public sealed class PostgreSqlFleetCanaryProcessTests : IDisposable
{
    private const string Model = "fraud";
    private readonly string schema = PostgresServer.FreshSchema();
    private readonly string registrySchema = PostgresServer.FreshSchema();

    public void Dispose()
    {
        if (PostgresServer.ConnectionString is not null)
        {
            PostgresServer.Drop(schema);
            PostgresServer.Drop(registrySchema);
        }
    }

    [SkippableFact]
    public async Task Leaders_killed_mid_step_and_mid_promotion_leave_one_promotion_with_no_step_repeated_and_no_summary_lost()
    {
        string connectionString = PostgresServer.Require();
        using var store = new PostgreSqlFleetStore(connectionString, new PostgreSqlFleetStoreOptions { Schema = schema });
        await store.MigrateAsync();
        using var registryStore = new PostgreSqlModelRegistryStore(connectionString, new PostgreSqlRegistryStoreOptions { Schema = registrySchema });
        await registryStore.MigrateAsync();
        var registry = new ModelRegistry(registryStore);
        for (int v = 1; v <= 2; v++)
        {
            using var artifact = new MemoryStream([(byte)v, 7, 7]);
            await registry.RegisterAsync(Model, artifact);
        }

        await registry.SetAliasAsync(Model, "champion", 1, AliasCondition.Unset);

        var channel = Channel.CreateUnbounded<(WorkerProcess From, string? Line)>();
        var output = new Lines(channel.Reader);
        WorkerProcess Host(int i) => WorkerProcess.Start($"host-{i}", channel.Writer, "serve", schema, Model, $"host-{i}", "400", "50", "0.01");
        WorkerProcess Coordinator(string name) => WorkerProcess.Start(name, channel.Writer, "coordinate", schema, registrySchema, Model, name, "1000", "50");
        List<WorkerProcess> processes = [Host(1), Host(2), Host(3), Coordinator("c1"), Coordinator("c2")];
        try
        {
            // host-3 dies once it routes by the canary (revision 2 is its first step, unless host-3 started late): what it
            // flushed stays, and it goes silent.
            WorkerProcess silentHost = (await output.WaitAsync(l => l.From.Name == "host-3" && l.Line?.Split(' ') is ["plan", string r] && long.Parse(r, CultureInfo.InvariantCulture) >= 2)).From;
            await silentHost.KillAsync();

            // The leader that writes the second step is killed in the middle of it; a replacement candidate starts.
            WorkerProcess midStep = (await output.WaitAsync(l => Wrote(l.Line) is (_, "Canary", 1, _))).From;
            await midStep.KillAsync();
            processes.Add(Coordinator("c3"));

            // The leader about to move the alias is killed between its promoting revision and the move.
            WorkerProcess midPromotion = (await output.WaitAsync(l => l.Line == "moving")).From;
            await midPromotion.KillAsync();

            // Its successor finds the promoting revision and finishes the move: woken, it goes on.
            WorkerProcess finisher = (await output.WaitAsync(l => l.Line == "moving" && l.From != midPromotion)).From;
            await finisher.WakeAsync();
            foreach (WorkerProcess survivor in processes.Where(p => p != silentHost && p != midStep && p != midPromotion))
            {
                await survivor.FinishAsync();
            }

            Assert.Contains(output.Seen, l => l.Line == "silent host-3");

            // Every step once, in order, then one promotion; tokens never go back, one holder per token.
            IReadOnlyList<FleetPlan> history = await store.ReadPlanHistoryAsync(Model, 0, 1000);
            RoutingPlan[] plans = [.. history.Select(RoutingPlan.FromRevision)];
            Assert.Equal([FleetPhase.Serving, FleetPhase.Canary, FleetPhase.Canary, FleetPhase.Canary, FleetPhase.Promoting, FleetPhase.Serving], plans.Select(p => p.Phase));
            Assert.Equal([0, 1, 2], plans.Where(p => p.Phase == FleetPhase.Canary).Select(p => p.Step));
            Assert.Equal([1, 1, 1, 1, 1, 2], plans.Select(p => p.Champion));
            foreach ((FleetPlan before, FleetPlan after) in history.Zip(history.Skip(1)))
            {
                Assert.True(after.Token > before.Token || (after.Token == before.Token && after.Holder == before.Holder));
            }

            Assert.Equal(midPromotion.Name, history[4].Holder);
            Assert.Equal(finisher.Name, history[5].Holder);

            // One alias move to the candidate, made by the successor.
            AliasMove move = Assert.Single(await registry.GetAliasHistoryAsync(Model, "champion"), m => m.ToVersion == 2);
            Assert.Equal(1, move.FromVersion);
            Assert.Contains($"fleet coordinator {finisher.Name}", move.Actor, StringComparison.Ordinal);
            Assert.Equal(2, (await registry.GetByAliasAsync(Model, "champion"))!.Version);

            // Every flush stored once with no hole in a host's sequence, and every request a surviving host served counted.
            var stored = new List<StoredFleetSummary>();
            while (await store.ReadSummariesAsync(Model, stored.Count == 0 ? 0 : stored[^1].Position, 10_000) is { Count: > 0 } page)
            {
                stored.AddRange(page);
            }

            Assert.Equal(stored.Count, stored.Select(s => (s.Summary.HostId, s.Summary.Sequence)).Distinct().Count());
            foreach (FleetHost host in await store.ReadHostsAsync(Model))
            {
                Assert.Equal(host.LastSequence, host.SummaryCount);
            }

            foreach ((WorkerProcess From, string? Line) line in output.Seen.Where(l => l.Line?.StartsWith("served ", StringComparison.Ordinal) == true))
            {
                string[] parts = line.Line!.Split(' ');
                long requests = stored.Where(s => s.Summary.HostId == line.From.Name)
                    .Select(s => ServingTally.FromBytes(s.Summary.Payload.Span, s.Summary.FormatVersion))
                    .Sum(t => t.Arms.Sum(a => t.Window(a).Count));
                Assert.Equal(long.Parse(parts[1], CultureInfo.InvariantCulture), requests);
                Assert.Equal(long.Parse(parts[2], CultureInfo.InvariantCulture), stored.Where(s => s.Summary.HostId == line.From.Name).Max(s => s.Summary.Sequence));
            }

            Assert.Equal(2, output.Seen.Count(l => l.Line?.StartsWith("served ", StringComparison.Ordinal) == true));
        }
        finally
        {
            foreach (WorkerProcess process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>A coordinator's "wrote revision phase step token" line, parsed; null for any other line.</summary>
    private static (long Revision, string Phase, int Step, long Token)? Wrote(string? line) =>
        line?.Split(' ') is ["wrote", string revision, string phase, string step, string token]
            ? (long.Parse(revision, CultureInfo.InvariantCulture), phase, int.Parse(step, CultureInfo.InvariantCulture), long.Parse(token, CultureInfo.InvariantCulture))
            : null;

    /// <summary>Every worker's lines in arrival order, all kept; a wait looks at all of them, then at each new one.</summary>
    private sealed class Lines(ChannelReader<(WorkerProcess From, string? Line)> reader)
    {
        private readonly List<(WorkerProcess From, string? Line)> seen = [];

        public IReadOnlyList<(WorkerProcess From, string? Line)> Seen
        {
            get
            {
                while (reader.TryRead(out (WorkerProcess, string?) line))
                {
                    seen.Add(line);
                }

                return seen;
            }
        }

        public async Task<(WorkerProcess From, string? Line)> WaitAsync(Func<(WorkerProcess From, string? Line), bool> matches)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            for (int i = 0; ; i++)
            {
                while (seen.Count <= i)
                {
                    seen.Add(await reader.ReadAsync(timeout.Token));
                }

                if (matches(seen[i]))
                {
                    return seen[i];
                }
            }
        }
    }
}
