using MlSystems.Drift;

namespace MlSystems.Monitoring;

/// <summary>When the monitor checks the served data for drift, how, and whether drift alone asks for a new model.</summary>
public sealed class DriftPolicy
{
    /// <summary>Rows the champion must have served (within the window) before a drift check runs; in [2,
    /// <see cref="ModelMonitorOptions.WindowCapacity"/>]; default 1000.</summary>
    public int MinimumRows { get; set; } = 1000;

    /// <summary>The report's tests, thresholds and dataset rule; default <see cref="DriftReportOptions"/>' defaults (dataset
    /// drift when half the features drift).</summary>
    public DriftReportOptions Report { get; set; } = new();

    /// <summary>True to retrain when the dataset drifts even though performance holds (covariate shift); default true.
    /// False leaves drift as a <see cref="MonitoringHealth.Degraded"/> warning and retrains only on decay.</summary>
    public bool RetrainOnDrift { get; set; } = true;

    /// <summary>How long the dataset must have stayed drifted, check after check, before drift alone retrains; default
    /// zero (at once); not negative. A delay lets labels of the new data arrive for the retraining to learn from, and lets a
    /// passing blip pass.</summary>
    public TimeSpan RetrainAfter { get; set; }

    /// <summary>A copy, so the options a monitor runs with cannot be changed under it (the report options are shared).</summary>
    internal DriftPolicy Clone() => (DriftPolicy)MemberwiseClone();
}
