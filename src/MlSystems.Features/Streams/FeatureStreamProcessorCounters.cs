namespace MlSystems.Features;

/// <summary>What a <see cref="FeatureStreamProcessor{TEvent}"/> has done since it started.</summary>
/// <param name="Events">Events read and ingested (again after a takeover, for those after the last checkpoint).</param>
/// <param name="Undecodable">Events skipped because the codec could not read them or they named no entity; each is logged.</param>
/// <param name="VectorsWritten">Vectors the online store took.</param>
/// <param name="Checkpoints">Checkpoints written.</param>
/// <param name="PartitionsAcquired">Partitions taken over.</param>
/// <param name="PartitionsReleased">Partitions handed to another processor after a checkpoint.</param>
/// <param name="PartitionsLost">Partitions whose lease was found lost (a renewal, a read or a checkpoint refused); their unsaved work was dropped.</param>
public readonly record struct FeatureStreamProcessorCounters(long Events, long Undecodable, long VectorsWritten, long Checkpoints, long PartitionsAcquired, long PartitionsReleased, long PartitionsLost);
