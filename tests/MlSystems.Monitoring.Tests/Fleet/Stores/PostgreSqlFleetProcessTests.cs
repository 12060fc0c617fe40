using System.Globalization;
using System.Text;
using System.Threading.Channels;
using MlSystems.Monitoring.PostgreSql;

namespace MlSystems.Monitoring.Tests.Fleet.Stores;

/// <summary>
/// The fleet store's guarantees across OS processes on one PostgreSQL server: coordinator candidates race for one lease;
/// one leader is paused past its lease and woken to write under it, another is killed with SIGKILL between two writes;
/// the plan history and the flushed summaries are checked afterwards for the one-writer-at-a-time and stored-once
/// guarantees.
/// </summary>
public sealed class PostgreSqlFleetProcessTests : IDisposable
{
    private const int Revisions = 120;
    private readonly string schema = PostgresServer.FreshSchema();

    public void Dispose()
    {
        if (PostgresServer.ConnectionString is not null)
        {
            PostgresServer.Drop(schema);
        }
    }

    [SkippableFact]
    public async Task A_paused_leader_is_fenced_off_a_killed_one_is_replaced_and_the_plan_history_has_no_gap_or_stale_write()
    {
        using var store = new PostgreSqlFleetStore(PostgresServer.Require(), new PostgreSqlFleetStoreOptions { Schema = schema });
        await store.MigrateAsync();
        TimeSpan leaseTime = TimeSpan.FromSeconds(1);
        var lines = Channel.CreateUnbounded<(WorkerProcess From, string? Line)>();
        WorkerProcess[] candidates = [.. Enumerable.Range(1, 3).Select(i => WorkerProcess.Start($"coordinator-{i}", lines.Writer, "lease", schema, "fraud", $"coordinator-{i}", $"{Revisions}", $"{(int)leaseTime.TotalMilliseconds}", "30,60"))];
        var output = new Output(lines.Reader);
        try
        {
            // Whoever writes revision 30 stops there, renewing nothing, as a coordinator the machine paused would.
            (WorkerProcess paused, long pausedToken) = await output.WrittenAsync(w => w.Revision == 30);

            // Its lease lapses and another candidate takes over; woken, the paused one acts on its old lease and is refused.
            (WorkerProcess successor, _) = await output.WrittenAsync(w => w.Token > pausedToken);
            Assert.NotSame(paused, successor);
            await paused.WakeAsync();
            Assert.Equal($"lost {pausedToken}", await output.NextLineOfAsync(paused));

            // Whoever writes revision 60 stops there with its lease live, and is killed.
            (WorkerProcess killed, long killedToken) = await output.WrittenAsync(w => w.Revision == 60);
            await killed.KillAsync();
            foreach (WorkerProcess survivor in candidates.Where(c => c != killed))
            {
                await survivor.FinishAsync();
            }

            IReadOnlyList<FleetPlan> history = await store.ReadPlanHistoryAsync("fraud", 0, 1000);
            Assert.Equal(Enumerable.Range(1, Revisions).Select(r => (long)r), history.Select(p => p.Revision));
            foreach ((FleetPlan before, FleetPlan after) in history.Zip(history.Skip(1)))
            {
                // Tokens never go back, and one token is one holder: no write under a lease after it changed hands.
                Assert.True(after.Token >= before.Token, $"revision {after.Revision} has token {after.Token} after {before.Token}");
                Assert.True(after.Token != before.Token || after.Holder == before.Holder);
            }

            // Each revision's payload names the holder that wrote it and the revision it expected to follow.
            Assert.All(history, p => Assert.Equal($"{p.Holder} {p.Revision}", Encoding.UTF8.GetString(p.Payload.Span)));
            Assert.DoesNotContain(history, p => p.Token == pausedToken && p.Revision > 30);
            Assert.DoesNotContain(history, p => p.Token == killedToken && p.Revision > 60);
            Assert.Contains(history, p => p.Revision > 60 && p.Token > killedToken && p.Holder != killed.Name);

            // Every host flushed each summary twice; each is stored once, and a host's sequence has no hole.
            var stored = new List<StoredFleetSummary>();
            while (await store.ReadSummariesAsync("fraud", stored.Count == 0 ? 0 : stored[^1].Position, 10_000) is { Count: > 0 } page)
            {
                stored.AddRange(page);
            }

            Assert.Equal(stored.Count, stored.Select(s => (s.Summary.HostId, s.Summary.Sequence)).Distinct().Count());
            foreach (FleetHost host in await store.ReadHostsAsync("fraud"))
            {
                Assert.Equal(host.LastSequence, host.SummaryCount);
            }
        }
        finally
        {
            foreach (WorkerProcess candidate in candidates)
            {
                await candidate.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The candidates' lines in arrival order, kept: a wait for one candidate's line passes over the others' without
    /// losing them for the next wait.
    /// </summary>
    private sealed class Output(ChannelReader<(WorkerProcess From, string? Line)> reader)
    {
        private readonly List<(WorkerProcess From, string? Line)> lines = [];
        private int cursor;

        /// <summary>Reads on from the cursor until a line reports a write that <paramref name="matches"/>; the cursor moves past it.</summary>
        public async Task<(WorkerProcess Writer, long Token)> WrittenAsync(Func<(long Revision, long Token), bool> matches)
        {
            for (int i = cursor; ; i++)
            {
                (WorkerProcess from, string? line) = await LineAsync(i);
                if (line?.Split(' ') is ["wrote", string revision, string token]
                    && matches((long.Parse(revision, CultureInfo.InvariantCulture), long.Parse(token, CultureInfo.InvariantCulture))))
                {
                    cursor = i + 1;
                    return (from, long.Parse(token, CultureInfo.InvariantCulture));
                }
            }
        }

        /// <summary>The first line of <paramref name="process"/> after the cursor, taken out; the cursor stays.</summary>
        public async Task<string?> NextLineOfAsync(WorkerProcess process)
        {
            for (int i = cursor; ; i++)
            {
                (WorkerProcess from, string? line) = await LineAsync(i);
                if (from == process)
                {
                    lines.RemoveAt(i);
                    return line;
                }
            }
        }

        private async Task<(WorkerProcess From, string? Line)> LineAsync(int index)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (lines.Count <= index)
            {
                lines.Add(await reader.ReadAsync(timeout.Token));
            }

            return lines[index];
        }
    }
}
