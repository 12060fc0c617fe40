namespace MlSystems.Monitoring;

/// <summary>A flushed summary as a store returns it, with the position the store gave it.</summary>
/// <param name="Position">
/// The summary's place among its model's summaries: positive, increasing in the order flushes were committed (not
/// necessarily without gaps), so a reader that has seen position <c>P</c> never later finds a summary below it and can
/// resume after <c>P</c>.
/// </param>
/// <param name="Summary">The summary as flushed.</param>
public sealed record StoredFleetSummary(long Position, FleetSummary Summary);
