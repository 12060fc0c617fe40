namespace MlSystems.Features;

/// <summary>
/// Where processors of one feature stream agree who owns which partition: membership by heartbeat, leases with fencing
/// tokens, and checkpoints written only under the current lease. Redis implements it (<c>MlSystems.Features.Redis</c>).
/// </summary>
/// <remarks>Implementations are thread-safe, and decide expiry on the server's clock, so hosts' clocks need not agree.</remarks>
public interface IPartitionCoordinator
{
    /// <summary>Records that <paramref name="processor"/> is alive for <paramref name="timeToLive"/>, and returns every processor alive now, in ordinal order.</summary>
    ValueTask<IReadOnlyList<string>> HeartbeatAsync(string processor, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="processor"/> from the members at once (a clean shutdown), so its partitions move without waiting for its heartbeat to expire.</summary>
    ValueTask LeaveAsync(string processor, CancellationToken cancellationToken = default);

    /// <summary>Takes the partition's lease for <paramref name="owner"/> if no one else holds it, with a new, higher token; null when another processor holds it.</summary>
    ValueTask<PartitionLease?> TryAcquireAsync(int partition, string owner, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease still held under its token; false when it was lost.</summary>
    ValueTask<bool> RenewAsync(PartitionLease lease, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives a lease up, if still held under its token, so another processor can take the partition at once.</summary>
    ValueTask ReleaseAsync(PartitionLease lease, CancellationToken cancellationToken = default);

    /// <summary>The partition's latest checkpoint, or null before the first.</summary>
    ValueTask<PartitionCheckpoint?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the partition's checkpoint and extends the lease, atomically, if <paramref name="lease"/> is still the
    /// partition's current one; false (nothing written) when it is not.
    /// </summary>
    ValueTask<bool> WriteCheckpointAsync(PartitionLease lease, PartitionCheckpoint checkpoint, TimeSpan duration, CancellationToken cancellationToken = default);
}
