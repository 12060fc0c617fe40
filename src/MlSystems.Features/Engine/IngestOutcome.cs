namespace MlSystems.Features;

/// <summary>What <see cref="FeatureEngine{TEvent}.Ingest(TEvent)"/> did with an event.</summary>
public enum IngestOutcome
{
    /// <summary>Applied to every window.</summary>
    Applied,

    /// <summary>Older than the watermark and dropped (or applied nowhere).</summary>
    Late,

    /// <summary>An event id already seen for this entity within the lateness horizon: ignored.</summary>
    Duplicate,
}
