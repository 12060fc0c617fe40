namespace MlSystems.Monitoring;

/// <summary>What <see cref="IFleetStore.FlushAsync"/> did with a summary.</summary>
public enum FleetFlushOutcome
{
    /// <summary>The summary is new and was stored.</summary>
    Stored,

    /// <summary>The same flush (host, sequence and contents) was stored before; nothing changed.</summary>
    AlreadyStored,
}
