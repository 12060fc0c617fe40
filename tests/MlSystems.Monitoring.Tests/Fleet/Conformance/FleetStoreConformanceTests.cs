using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Monitoring.Tests.Fleet.Conformance;

/// <summary>
/// What every <see cref="IFleetStore"/> must do. A new backend derives from this class and supplies
/// <see cref="CreateStore"/>; its leases then expire by the fake clock the suite advances.
/// </summary>
public abstract partial class FleetStoreConformanceTests : IDisposable
{
    protected static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);

    private readonly Lazy<IFleetStore> store;

    protected FleetStoreConformanceTests()
    {
        store = new Lazy<IFleetStore>(() => CreateStore(Time));
    }

    protected FakeTimeProvider Time { get; } = new(Start);

    protected IFleetStore Store => store.Value;

    /// <summary>A fresh, empty store whose leases expire by <paramref name="time"/>.</summary>
    protected abstract IFleetStore CreateStore(TimeProvider time);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected static FleetSummary Summary(string host, long sequence, byte content = 1, string model = "fraud", int minute = 0) =>
        new(model, host, sequence, Start.AddMinutes(minute), Start.AddMinutes(minute + 1).AddTicks(7), 1, [content, (byte)sequence, 42]);

    [SkippableFact]
    public async Task A_flush_retried_with_the_same_contents_is_stored_once_and_reads_back_exactly()
    {
        var summary = new FleetSummary("fraud", "host-a", 1, Start.AddTicks(3), Start.AddMinutes(1).AddTicks(9), 2, [1, 2, 3, 0, 255]);
        Assert.Equal(FleetFlushOutcome.Stored, await Store.FlushAsync(summary));
        Assert.Equal(FleetFlushOutcome.AlreadyStored, await Store.FlushAsync(new FleetSummary("fraud", "host-a", 1, Start.AddTicks(3), Start.AddMinutes(1).AddTicks(9), 2, [1, 2, 3, 0, 255])));

        StoredFleetSummary stored = Assert.Single(await Store.ReadSummariesAsync("fraud", 0, 100));
        Assert.True(stored.Position > 0);
        FleetSummary read = stored.Summary;
        Assert.Equal(("fraud", "host-a", 1L, 2), (read.ModelName, read.HostId, read.Sequence, read.FormatVersion));
        Assert.Equal((Start.AddTicks(3), Start.AddMinutes(1).AddTicks(9)), (read.IntervalStart, read.IntervalEnd));
        Assert.Equal(TimeSpan.Zero, read.IntervalEnd.Offset);
        Assert.Equal(new byte[] { 1, 2, 3, 0, 255 }, read.Payload.ToArray());
    }

    [SkippableFact]
    public async Task A_flush_whose_key_holds_other_contents_is_refused_and_the_first_stays()
    {
        await Store.FlushAsync(Summary("host-a", 1, content: 1));

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.FlushAsync(Summary("host-a", 1, content: 2)));
        Assert.Contains("host-a", error.Message, StringComparison.Ordinal);
        Assert.Contains("sequence 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(await Store.ReadSummariesAsync("fraud", 0, 10)).Summary.Payload.Span[0]);
    }

    [SkippableFact]
    public async Task Summaries_are_read_in_position_order_page_by_page_and_models_are_apart()
    {
        string[] hosts = ["host-b", "host-a", "host-b", "host-c", "host-a"];
        for (int i = 0; i < hosts.Length; i++)
        {
            await Store.FlushAsync(Summary(hosts[i], i + 1, content: (byte)i, minute: i));
        }

        await Store.FlushAsync(Summary("host-a", 1, model: "churn"));

        var read = new List<StoredFleetSummary>();
        long after = 0;
        while (await Store.ReadSummariesAsync("fraud", after, 2) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 2);
            read.AddRange(page);
            after = page[^1].Position;
        }

        Assert.Equal(hosts, read.Select(s => s.Summary.HostId));
        Assert.Equal(Enumerable.Range(0, hosts.Length).Select(i => (byte)i), read.Select(s => s.Summary.Payload.Span[0]));
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Position < p.Second.Position));
        Assert.Equal("churn", Assert.Single(await Store.ReadSummariesAsync("churn", 0, 10)).Summary.ModelName);
        Assert.Empty(await Store.ReadSummariesAsync("unknown", 0, 10));
    }

    [SkippableFact]
    public async Task Hosts_are_listed_ordinally_with_their_last_sequence_interval_and_count()
    {
        await Store.FlushAsync(Summary("b-host", 3, minute: 5));
        await Store.FlushAsync(Summary("b-host", 1, minute: 9));
        await Store.FlushAsync(Summary("B-host", 1, minute: 2));
        await Store.FlushAsync(Summary("a-host", 1, minute: 1));

        Assert.Equal(
            [
                new FleetHost("B-host", 1, Start.AddMinutes(3).AddTicks(7), 1),
                new FleetHost("a-host", 1, Start.AddMinutes(2).AddTicks(7), 1),
                new FleetHost("b-host", 3, Start.AddMinutes(10).AddTicks(7), 2),
            ],
            await Store.ReadHostsAsync("fraud"));
        Assert.Empty(await Store.ReadHostsAsync("churn"));
    }

    [SkippableFact]
    public async Task Pruning_removes_summaries_that_ended_before_the_cut_off_and_positions_are_never_reused()
    {
        await Store.FlushAsync(Summary("old", 1, minute: 0));
        await Store.FlushAsync(Summary("new", 1, minute: 10));
        long last = (await Store.ReadSummariesAsync("fraud", 0, 10))[^1].Position;

        Assert.Equal(1, await Store.PruneSummariesAsync("fraud", Start.AddMinutes(5)));
        Assert.Equal(0, await Store.PruneSummariesAsync("fraud", Start.AddMinutes(5)));
        Assert.Equal(0, await Store.PruneSummariesAsync("churn", Start.AddMinutes(5)));

        Assert.Equal("new", Assert.Single(await Store.ReadHostsAsync("fraud")).HostId);
        await Store.FlushAsync(Summary("new", 2, minute: 11));
        Assert.True(Assert.Single(await Store.ReadSummariesAsync("fraud", last, 10)).Position > last);
    }

    [SkippableFact]
    public async Task Concurrent_flushes_and_their_retries_are_each_stored_once_with_distinct_positions()
    {
        FleetSummary[] summaries = [.. Enumerable.Range(1, 40).Select(i => Summary($"host-{i % 4}", i))];
        FleetFlushOutcome[] outcomes = await Task.WhenAll(summaries.Concat(summaries).Select(s => Task.Run(() => Store.FlushAsync(s))));

        Assert.Equal(40, outcomes.Count(o => o == FleetFlushOutcome.Stored));
        Assert.Equal(40, outcomes.Count(o => o == FleetFlushOutcome.AlreadyStored));
        IReadOnlyList<StoredFleetSummary> stored = await Store.ReadSummariesAsync("fraud", 0, 1000);
        Assert.Equal(40, stored.Select(s => s.Position).Distinct().Count());
        Assert.Equal(summaries.Select(s => (s.HostId, s.Sequence)).Order(), stored.Select(s => (s.Summary.HostId, s.Summary.Sequence)).Order());
    }
}
