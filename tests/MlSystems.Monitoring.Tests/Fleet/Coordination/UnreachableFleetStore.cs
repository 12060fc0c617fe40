namespace MlSystems.Monitoring.Tests.Fleet.Coordination;

/// <summary>
/// A fleet store behind a link that can go down: while <see cref="Down"/> every call fails as a lost connection does,
/// and with <see cref="LoseAcknowledgements"/> a flush is stored but its caller still sees the failure.
/// </summary>
internal sealed class UnreachableFleetStore(IFleetStore inner) : IFleetStore
{
    public bool Down { get; set; }

    public bool LoseAcknowledgements { get; set; }

    public async Task<FleetFlushOutcome> FlushAsync(FleetSummary summary, CancellationToken cancellationToken = default)
    {
        if (LoseAcknowledgements)
        {
            await inner.FlushAsync(summary, cancellationToken);
            throw new FleetStoreException("The connection broke before the flush was acknowledged.");
        }

        return await Reach(() => inner.FlushAsync(summary, cancellationToken));
    }

    public Task<IReadOnlyList<StoredFleetSummary>> ReadSummariesAsync(string modelName, long afterPosition, int maxCount, CancellationToken cancellationToken = default) => Reach(() => inner.ReadSummariesAsync(modelName, afterPosition, maxCount, cancellationToken));

    public Task<IReadOnlyList<FleetHost>> ReadHostsAsync(string modelName, CancellationToken cancellationToken = default) => Reach(() => inner.ReadHostsAsync(modelName, cancellationToken));

    public Task<long> PruneSummariesAsync(string modelName, DateTimeOffset intervalEndBefore, CancellationToken cancellationToken = default) => Reach(() => inner.PruneSummariesAsync(modelName, intervalEndBefore, cancellationToken));

    public Task<FleetLease?> TryAcquireLeaseAsync(string modelName, string holder, TimeSpan duration, CancellationToken cancellationToken = default) => Reach(() => inner.TryAcquireLeaseAsync(modelName, holder, duration, cancellationToken));

    public Task<FleetLease?> RenewLeaseAsync(FleetLease lease, TimeSpan duration, CancellationToken cancellationToken = default) => Reach(() => inner.RenewLeaseAsync(lease, duration, cancellationToken));

    public Task ReleaseLeaseAsync(FleetLease lease, CancellationToken cancellationToken = default) => Reach(async () => { await inner.ReleaseLeaseAsync(lease, cancellationToken); return 0; });

    public Task<FleetLease?> ReadLeaseAsync(string modelName, CancellationToken cancellationToken = default) => Reach(() => inner.ReadLeaseAsync(modelName, cancellationToken));

    public Task<FleetPlan> WritePlanAsync(FleetLease lease, long expectedRevision, int formatVersion, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => Reach(() => inner.WritePlanAsync(lease, expectedRevision, formatVersion, payload, cancellationToken));

    public Task<FleetPlan?> ReadPlanAsync(string modelName, CancellationToken cancellationToken = default) => Reach(() => inner.ReadPlanAsync(modelName, cancellationToken));

    public Task<IReadOnlyList<FleetPlan>> ReadPlanHistoryAsync(string modelName, long afterRevision, int maxCount, CancellationToken cancellationToken = default) => Reach(() => inner.ReadPlanHistoryAsync(modelName, afterRevision, maxCount, cancellationToken));

    private Task<T> Reach<T>(Func<Task<T>> call) => Down ? Task.FromException<T>(new FleetStoreException("The fleet store is unreachable.")) : call();
}
