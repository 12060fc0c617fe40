namespace MlSystems.Monitoring;

/// <summary>How the served model is doing, as the monitor judged it at its last check.</summary>
public enum MonitoringHealth
{
    /// <summary>No drift past the policy and performance within tolerance of the version's baseline.</summary>
    Healthy = 0,

    /// <summary>The served data drifted, or the loss is above tolerance without yet being significantly so.</summary>
    Degraded = 1,

    /// <summary>Performance has decayed significantly, there is no champion or profile to check against, or retraining failed.</summary>
    Unhealthy = 2,
}
