namespace MlSystems.Features;

/// <summary>
/// A partition was read, or its checkpoint written, under a lease that is no longer the partition's current one: its
/// holder paused past the lease, and another processor may own the partition now. The holder must drop the partition.
/// </summary>
public sealed class PartitionFencedException : InvalidOperationException
{
    /// <summary>A refusal for <paramref name="lease"/>.</summary>
    /// <param name="lease">The lease that was refused.</param>
    public PartitionFencedException(PartitionLease lease)
        : base($"Partition {lease?.Partition} is no longer leased to '{lease?.Owner}' under token {lease?.Token}: another processor may own it.")
    {
        ArgumentNullException.ThrowIfNull(lease);
        Lease = lease;
    }

    /// <summary>The lease that was refused.</summary>
    public PartitionLease Lease { get; }
}
