using System.Globalization;
using System.Text;
using MlSystems.Monitoring.PostgreSql;

namespace MlSystems.Monitoring.Tests.Fleet.Stores;

/// <summary>
/// The fleet store's guarantees across OS processes on one PostgreSQL server: coordinator candidates race for one lease,
/// the leader is killed with SIGKILL between two writes, and the plan history and the flushed summaries are checked
/// afterwards for the one-writer-at-a-time and stored-once guarantees.
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
    public async Task A_killed_leader_is_replaced_by_one_candidate_with_a_newer_token_and_the_plan_history_has_no_gap_or_stale_write()
    {
        using var store = new PostgreSqlFleetStore(PostgresServer.Require(), new PostgreSqlFleetStoreOptions { Schema = schema });
        await store.MigrateAsync();
        TimeSpan leaseTime = TimeSpan.FromSeconds(1);
        CoordinatorProcess[] candidates = [.. Enumerable.Range(1, 3).Select(i => CoordinatorProcess.Start(schema, "fraud", $"coordinator-{i}", Revisions, leaseTime, holdAt: 30))];
        try
        {
            // Whoever writes revision 30 is the leader; it stops there with its lease live, and is killed.
            (CoordinatorProcess leader, long killedToken) = await FirstToWriteAsync(candidates, 30);
            await leader.KillAsync();

            foreach (CoordinatorProcess survivor in candidates.Where(c => c != leader))
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
            Assert.Contains(history, p => p.Holder == leader.Holder && p.Token == killedToken);
            FleetPlan takeover = history.First(p => p.Token > killedToken);
            Assert.NotEqual(leader.Holder, takeover.Holder);
            Assert.DoesNotContain(history, p => p.Holder == leader.Holder && p.Revision > takeover.Revision);

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
            foreach (CoordinatorProcess candidate in candidates)
            {
                await candidate.DisposeAsync();
            }
        }
    }

    /// <summary>Reads every candidate's output until one prints that it wrote <paramref name="revision"/>.</summary>
    private static async Task<(CoordinatorProcess Leader, long Token)> FirstToWriteAsync(CoordinatorProcess[] candidates, long revision)
    {
        var reading = candidates.ToDictionary(c => c.NextLineAsync(), c => c);
        while (reading.Count > 0)
        {
            Task<string?> done = await Task.WhenAny(reading.Keys);
            CoordinatorProcess candidate = reading[done];
            reading.Remove(done);
            if (await done is not { } line)
            {
                continue;
            }

            string[] parts = line.Split(' ');
            if (parts[0] == "wrote" && long.Parse(parts[1], CultureInfo.InvariantCulture) == revision)
            {
                return (candidate, long.Parse(parts[2], CultureInfo.InvariantCulture));
            }

            reading.Add(candidate.NextLineAsync(), candidate);
        }

        throw new InvalidOperationException($"No candidate wrote revision {revision}.");
    }
}
