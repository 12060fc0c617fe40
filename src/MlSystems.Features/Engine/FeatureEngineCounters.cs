namespace MlSystems.Features;

/// <summary>What a feature engine has seen: nothing is dropped without one of these counting it.</summary>
/// <param name="Events">Events offered to <see cref="FeatureEngine{TEvent}.Ingest(TEvent)"/>.</param>
/// <param name="Late">Events late beyond the allowed lateness (dropped, or applied nowhere).</param>
/// <param name="Duplicates">Events ignored as duplicates.</param>
/// <param name="MissingValues">NaN or ±∞ values: row features written as their missing value, window values skipped.</param>
/// <param name="Entities">Entities with state.</param>
/// <param name="LateComputes">Vectors computed for a time beyond the allowed lateness (<see cref="ComputeOutcome.BeyondLateness"/>).</param>
/// <param name="Released">Entities released after <see cref="FeatureEngineOptions.EntityTimeToLive"/> without an event.</param>
public readonly record struct FeatureEngineCounters(long Events, long Late, long Duplicates, long MissingValues, long Entities, long LateComputes, long Released);
