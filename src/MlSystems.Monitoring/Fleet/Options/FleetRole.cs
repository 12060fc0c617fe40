namespace MlSystems.Monitoring;

/// <summary>What a process does for a monitored model in a fleet.</summary>
public enum FleetRole
{
    /// <summary>Serves requests by the fleet's plan and flushes what it served, and stands as a coordinator candidate: the
    /// one that holds the lease coordinates. The default; with every replica a candidate, a coordinator is always near.</summary>
    ServingAndCoordinating = 0,

    /// <summary>Serves and flushes only; never coordinates.</summary>
    Serving = 1,

    /// <summary>Coordinates only (a separate job): merges, judges, retrains and moves aliases; serves nothing, so
    /// <see cref="ModelMonitor.Route"/> and the record methods refuse.</summary>
    Coordinating = 2,
}
