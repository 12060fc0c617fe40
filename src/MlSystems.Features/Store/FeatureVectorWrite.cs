namespace MlSystems.Features;

/// <summary>One vector to store: whose, as of when, and its values.</summary>
/// <param name="Entity">The entity key.</param>
/// <param name="EventTime">The event time the vector is as of; the store keeps the newest.</param>
/// <param name="Vector">The values; the store copies them before the call returns.</param>
/// <param name="Sequence">
/// The order among vectors of one entity and event time, at least 0; default 0. A vector replaces a held one of the
/// same event time only with a higher sequence. A stream processor passes how far into its partition the entity's
/// latest event is, so a vector that has taken more events (another at the same instant, or a late one) replaces the
/// one before it, while the same vector written again after a restart is ignored.
/// </param>
public readonly record struct FeatureVectorWrite(string Entity, DateTimeOffset EventTime, ReadOnlyMemory<double> Vector, long Sequence = 0);
