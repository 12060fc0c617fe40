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
        EntitiesReleased = meter.CreateCounter<long>("mlsystems.features.entities.released", unit: "{entity}", description: "Feature-engine entities released after the time to live without an event, tagged with the feature set.");
    }

    public Counter<long> Events { get; }

    public Counter<long> MissingValues { get; }

    public Counter<long> LateComputes { get; }

    public Counter<long> StoreReads { get; }

    public Counter<long> StoreExpired { get; }

    public Counter<long> EntitiesReleased { get; }
}
