namespace MlSystems.Features;

/// <summary>What an <see cref="InMemoryOnlineFeatureStore"/> has served and taken since it was created.</summary>
/// <param name="Reads">Reads.</param>
/// <param name="Writes">Writes applied.</param>
/// <param name="Ignored">Writes ignored because the store held a newer vector.</param>
/// <param name="Missing">Reads of an entity with no vector.</param>
/// <param name="Stale">Reads of a vector older than the reader's maximum age.</param>
/// <param name="Expired">Vectors released after the store's time to live (a read of one counts as missing too).</param>
public readonly record struct OnlineFeatureStoreCounters(long Reads, long Writes, long Ignored, long Missing, long Stale, long Expired);
