using System.Diagnostics.Metrics;

namespace MlSystems.Features;

/// <summary>The feature instruments, created through <see cref="IMeterFactory"/> under the meter <c>MlSystems.Features</c>.</summary>
internal sealed class FeatureTelemetry
{
    public const string MeterName = "MlSystems.Features";

    public FeatureTelemetry(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        Events = meter.CreateCounter<long>("mlsystems.features.events", unit: "{event}", description: "Events ingested, tagged with the feature set and the outcome (applied, late, duplicate).");
        MissingValues = meter.CreateCounter<long>("mlsystems.features.missing_values", unit: "{value}", description: "NaN or infinite values met, tagged with the feature set.");
        LateComputes = meter.CreateCounter<long>("mlsystems.features.computes.late", unit: "{vector}", description: "Vectors computed for a time beyond the allowed lateness behind the entity's newest event, tagged with the feature set.");
        StoreReads = meter.CreateCounter<long>("mlsystems.features.store.reads", unit: "{read}", description: "Online-store reads, tagged with the feature set and the status (fresh, stale, missing).");
        StoreExpired = meter.CreateCounter<long>("mlsystems.features.store.expired", unit: "{vector}", description: "Online-store vectors released after the time to live, tagged with the feature set.");
        StreamEvents = meter.CreateCounter<long>("mlsystems.features.stream.events", unit: "{event}", description: "Events a stream processor read, tagged with the feature set and the outcome (ingested, undecodable).");
        StreamCheckpoints = meter.CreateHistogram<double>("mlsystems.features.stream.checkpoint.duration", unit: "s", description: "Time to snapshot a partition's engine and write its checkpoint, tagged with the feature set.");
        StreamPartitions = meter.CreateCounter<long>("mlsystems.features.stream.partitions", unit: "{partition}", description: "Partition ownership changes of a stream processor, tagged with the feature set and the change (acquired, released, lost).");
        EntitiesReleased = meter.CreateCounter<long>("mlsystems.features.entities.released", unit: "{entity}", description: "Feature-engine entities released after the time to live without an event, tagged with the feature set.");
    }

    public Counter<long> Events { get; }

    public Counter<long> MissingValues { get; }

    public Counter<long> LateComputes { get; }

    public Counter<long> StoreReads { get; }

    public Counter<long> StoreExpired { get; }

    public Counter<long> EntitiesReleased { get; }

    public Counter<long> StreamEvents { get; }

    public Histogram<double> StreamCheckpoints { get; }

    public Counter<long> StreamPartitions { get; }
}
