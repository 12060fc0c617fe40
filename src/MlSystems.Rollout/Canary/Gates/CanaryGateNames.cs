namespace MlSystems.Rollout;

/// <summary>
/// The names under which <see cref="RolloutServiceCollectionExtensions.AddRollout"/> registers the built-in gates, with
/// their default settings, for <see cref="CanaryOptions.GateNames"/>. Registering a gate under one of these names with
/// <see cref="RolloutServiceCollectionExtensions.AddCanaryGate{TGate}"/> replaces it.
/// </summary>
public static class CanaryGateNames
{
    /// <summary>An <see cref="ErrorRateGate"/> with its defaults.</summary>
    public const string ErrorRate = "error-rate";

    /// <summary>A p99 <see cref="LatencyGate"/> with its defaults.</summary>
    public const string Latency = "latency";

    /// <summary>A <see cref="PredictionDriftGate"/> with its defaults.</summary>
    public const string PredictionDrift = "prediction-drift";

    /// <summary>A <see cref="BusinessMetricGate"/> with its defaults (a higher metric is better, 2% decrease allowed).</summary>
    public const string BusinessMetric = "business-metric";
}
