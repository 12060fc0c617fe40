namespace MlSystems.Features;

/// <summary>One vector to store: whose, as of when, and its values.</summary>
/// <param name="Entity">The entity key.</param>
/// <param name="EventTime">The event time the vector is as of; the store keeps the newest.</param>
/// <param name="Vector">The values; the store copies them before the call returns.</param>
public readonly record struct FeatureVectorWrite(string Entity, DateTimeOffset EventTime, ReadOnlyMemory<double> Vector);
