namespace MlSystems.Features;

/// <summary>A partition's processing state and the stream position it covers, written together.</summary>
/// <param name="Position">The last event the state includes.</param>
/// <param name="State">The engine snapshot (<see cref="FeatureEngine{TEvent}.WriteSnapshot"/>).</param>
public sealed record PartitionCheckpoint(string Position, ReadOnlyMemory<byte> State);
