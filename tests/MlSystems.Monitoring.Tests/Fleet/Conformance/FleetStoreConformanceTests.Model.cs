using FsCheck;
using FsCheck.Fluent;

namespace MlSystems.Monitoring.Tests.Fleet.Conformance;

public abstract partial class FleetStoreConformanceTests
{
    private static readonly string[] Hosts = ["host-0", "host-1", "host-2"];
    private static readonly string[] Holders = ["coordinator-0", "coordinator-1", "coordinator-2"];

    /// <summary>How many random operation sequences the model property runs; a backend with a server keeps it small.</summary>
    protected virtual int ModelCases => 150;

    /// <summary>
    /// Random sequences of flushes, lease operations, plan writes and clock steps, run against the store and against a
    /// few lines of bookkeeping that state the rules plainly: every outcome and the final state must agree. Each case
    /// works on a model name of its own, so one store serves them all.
    /// </summary>
    [SkippableFact]
    public void The_store_behaves_like_the_model()
    {
        // Made before the property runs: a missing server skips the test rather than failing a case.
        _ = Store;
        int cases = 0;
        Gen<int[][]> operations = Gen.Choose(1, 30).SelectMany(n => Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(0, 99), 4), n));
        Property property = Prop.ForAll(operations.ToArbitrary(), ops => CheckAgainstModel($"model-{Interlocked.Increment(ref cases)}", ops));
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(ModelCases), property);
    }

    private bool CheckAgainstModel(string modelName, int[][] operations)
    {
        var model = new FleetModel();
        var leases = new Dictionary<string, FleetLease>();
        foreach (int[] op in operations)
        {
            string expected = model.Apply(op, Time.GetUtcNow());
            string actual = Run(modelName, op, leases);
            if (expected != actual)
            {
                throw new InvalidOperationException($"operation [{string.Join(", ", op)}]: the model says '{expected}', the store '{actual}'");
            }
        }

        string[] summaries = [.. Store.ReadSummariesAsync(modelName, 0, 1000).GetAwaiter().GetResult().Select(s => $"{s.Summary.HostId}/{s.Summary.Sequence}/{s.Summary.Payload.Span[0]}")];
        string[] plans = [.. Store.ReadPlanHistoryAsync(modelName, 0, 1000).GetAwaiter().GetResult().Select(p => $"{p.Revision}/{p.Holder}/{p.Token}/{p.Payload.Span[0]}")];
        Assert.Equal(model.Summaries, summaries);
        Assert.Equal(model.Plans, plans);
        return true;
    }

    private string Run(string modelName, int[] op, Dictionary<string, FleetLease> leases)
    {
        string holder = Holders[op[1] % Holders.Length];
        try
        {
            switch (op[0] % 6)
            {
                case 0:
                    var summary = new FleetSummary(modelName, Hosts[op[1] % Hosts.Length], 1 + (op[2] % 4), Start, Start, 1, [(byte)(op[3] % 2)]);
                    return Store.FlushAsync(summary).GetAwaiter().GetResult().ToString();
                case 1:
                    return Keep(leases, holder, Store.TryAcquireLeaseAsync(modelName, holder, LeaseTime).GetAwaiter().GetResult());
                case 2:
                    return leases.TryGetValue(holder, out FleetLease? held) ? Keep(leases, holder, Store.RenewLeaseAsync(held, LeaseTime).GetAwaiter().GetResult()) : "none";
                case 3:
                    if (!leases.TryGetValue(holder, out FleetLease? released))
                    {
                        return "none";
                    }

                    Store.ReleaseLeaseAsync(released).GetAwaiter().GetResult();
                    return "released";
                case 4:
                    if (!leases.TryGetValue(holder, out FleetLease? writer))
                    {
                        return "none";
                    }

                    long latest = Store.ReadPlanAsync(modelName).GetAwaiter().GetResult()?.Revision ?? 0;
                    long expected = Math.Max(0, latest + (op[2] % 3) - 1);
                    return "revision " + Store.WritePlanAsync(writer, expected, 1, new[] { (byte)(op[3] % 2) }).GetAwaiter().GetResult().Revision;
                default:
                    Time.Advance(TimeSpan.FromSeconds(op[1] % 3 * 16));
                    return "advanced";
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FleetStoreException)
        {
            return e.GetType().Name;
        }
    }

    private static string Keep(Dictionary<string, FleetLease> leases, string holder, FleetLease? lease)
    {
        if (lease is null)
        {
            return "refused";
        }

        leases[holder] = lease;
        return $"token {lease.Token}";
    }

    /// <summary>The rules, plainly: a dictionary of flushes, one lease, a list of plan revisions.</summary>
    private sealed class FleetModel
    {
        private readonly Dictionary<string, (long Token, DateTimeOffset Expires)> held = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Host, long Sequence), byte> flushed = [];
        private string? holder;
        private long token;
        private DateTimeOffset expires;

        public List<string> Summaries { get; } = [];

        public List<string> Plans { get; } = [];

        public string Apply(int[] op, DateTimeOffset now)
        {
            string who = Holders[op[1] % Holders.Length];
            switch (op[0] % 6)
            {
                case 0:
                    (string, long) key = (Hosts[op[1] % Hosts.Length], 1 + (op[2] % 4));
                    byte content = (byte)(op[3] % 2);
                    if (flushed.TryGetValue(key, out byte stored))
                    {
                        return stored == content ? nameof(FleetFlushOutcome.AlreadyStored) : nameof(InvalidOperationException);
                    }

                    flushed[key] = content;
                    Summaries.Add($"{key.Item1}/{key.Item2}/{content}");
                    return nameof(FleetFlushOutcome.Stored);
                case 1:
                    bool live = holder is not null && expires > now;
                    if (live && holder != who)
                    {
                        return "refused";
                    }

                    token = live ? token : token + 1;
                    (holder, expires) = (who, now + LeaseTime);
                    held[who] = (token, expires);
                    return $"token {token}";
                case 2:
                    if (!held.ContainsKey(who))
                    {
                        return "none";
                    }

                    if (!Current(who))
                    {
                        return "refused";
                    }

                    expires = now + LeaseTime;
                    held[who] = (token, expires);
                    return $"token {token}";
                case 3:
                    if (!held.ContainsKey(who))
                    {
                        return "none";
                    }

                    if (Current(who) && expires > now)
                    {
                        expires = now;
                    }

                    return "released";
                case 4:
                    if (!held.TryGetValue(who, out (long Token, DateTimeOffset Expires) mine))
                    {
                        return "none";
                    }

                    long expected = Math.Max(0, Plans.Count + (op[2] % 3) - 1);

                    // The repeat of the latest write returns it, whoever holds the lease now.
                    if (expected == Plans.Count - 1 && Plans.Count > 0 && Plans[^1] == $"{Plans.Count}/{who}/{mine.Token}/{op[3] % 2}")
                    {
                        return $"revision {Plans.Count}";
                    }

                    if (!Current(who))
                    {
                        return nameof(FleetLeaseLostException);
                    }

                    if (expected != Plans.Count)
                    {
                        return nameof(FleetPlanConflictException);
                    }

                    Plans.Add($"{Plans.Count + 1}/{who}/{token}/{op[3] % 2}");
                    return $"revision {Plans.Count}";
                default:
                    return "advanced";
            }
        }

        private bool Current(string who) => holder == who && held[who].Token == token;
    }
}
