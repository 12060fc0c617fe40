namespace MlSystems.Rollout;

/// <summary>
/// A canary gate: compares the candidate's window of observations with the champion's over the same step. Implement it
/// to gate on anything the windows hold; the built-in gates cover errors, latency, prediction drift and a business metric.
/// </summary>
public interface ICanaryGate
{
    /// <summary>The gate's name, used in results and logs.</summary>
    string Name { get; }

    /// <summary>Judges the step so far. Called under the canary's evaluation lock; must not block.</summary>
    GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate);
}
