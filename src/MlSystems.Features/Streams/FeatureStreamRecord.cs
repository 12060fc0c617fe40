namespace MlSystems.Features;

/// <summary>One event in a partition of a feature event stream.</summary>
/// <param name="Position">Where it is in its partition, as the transport names positions (a Redis Streams id, a Kafka offset); reads resume after it.</param>
/// <param name="Payload">The encoded event.</param>
public readonly record struct FeatureStreamRecord(string Position, ReadOnlyMemory<byte> Payload);
