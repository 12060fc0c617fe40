namespace MlSystems.Rollout;

/// <summary>One destination of a traffic split: a model version and its share of the keys.</summary>
/// <param name="Version">The model version (or alias) the arm serves.</param>
/// <param name="Percentage">Its share of the buckets, in [0, 100]; the arms of a split sum to 100.</param>
public readonly record struct TrafficArm(string Version, double Percentage);
