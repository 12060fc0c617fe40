namespace MlSystems.Rollout;

/// <summary>
/// Where one request goes and why, to be logged with the request: the assignment record that later analysis (A/B,
/// canary, off-policy evaluation) joins outcomes against.
/// </summary>
/// <param name="Version">The model version to use.</param>
/// <param name="Arm">The index of the chosen arm in the router's current split.</param>
/// <param name="Bucket">The key's stable bucket in [0, 100].</param>
/// <param name="Generation">The split's generation: it grows by one with every change of percentages.</param>
public readonly record struct RoutingDecision(string Version, int Arm, double Bucket, long Generation);
