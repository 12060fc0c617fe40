namespace MlSystems.Features;

/// <summary>A partition a processor holds: its lease, its engine restored from the last checkpoint, and how far it has read.</summary>
internal sealed class OwnedPartition<TEvent>(PartitionLease lease, FeatureEngine<TEvent> engine, string? position, long checkpointedAt)
{
    public PartitionLease Lease { get; } = lease;

    public FeatureEngine<TEvent> Engine { get; } = engine;

    /// <summary>The last event ingested, or null before the first.</summary>
    public string? Position { get; set; } = position;

    /// <summary>Whether events were ingested since the last checkpoint.</summary>
    public bool Unsaved { get; set; }

    /// <summary>When the last checkpoint was written (or the partition taken), in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long CheckpointedAt { get; set; } = checkpointedAt;
}
