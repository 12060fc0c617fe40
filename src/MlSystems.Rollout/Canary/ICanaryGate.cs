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

    /// <summary>
    /// The candidate observations this gate needs before a candidate performing exactly as <paramref name="baseline"/>
    /// does passes it with probability <see cref="CanarySizing.Power"/>: what a step waits for while the gate is
    /// inconclusive, and what a plan is sized with before it starts. A canary tells "too few requests" (fewer than this)
    /// from "borderline" (this many, still inconclusive) by it.
    /// </summary>
    /// <param name="baseline">The champion's observations: its current window during a step, or a sample of its traffic before.</param>
    /// <param name="sizing">The candidate's share, the champion's evidence and the power.</param>
    /// <returns>
    /// The count; <see cref="long.MaxValue"/> when no count suffices (a zero tolerance, or a fixed baseline too small);
    /// null when the gate cannot say, as this default implementation, or the baseline lacks what the gate needs. A
    /// canary treats a gate that cannot say as borderline once the step has its minimum samples.
    /// </returns>
    /// <remarks>Called under the canary's evaluation lock; must not block.</remarks>
    long? RequiredSamples(CanaryWindow baseline, in CanarySizing sizing) => null;
}
