namespace MlSystems.Features;

/// <summary>
/// A processor's claim on a partition. The token rises with every new owner of the partition, and a checkpoint is written
/// only under the partition's current token: a processor that paused past its lease (and lost it) cannot overwrite the
/// work of the one that took over.
/// </summary>
/// <param name="Partition">The partition.</param>
/// <param name="Owner">The processor holding it.</param>
/// <param name="Token">The fencing token, unique per acquisition and increasing.</param>
public sealed record PartitionLease(int Partition, string Owner, long Token);
