namespace MlSystems.Rollout;

/// <summary>
/// What a step does when it reaches its <see cref="CanaryStep.MaximumDuration"/> with every gate's samples gathered and
/// a gate still inconclusive: the candidate is borderline, neither clearly within its tolerance nor clearly beyond it.
/// </summary>
/// <remarks>
/// A step that reaches the limit with too few requests for a gate's verdict is a different case: it always asks for a
/// decision (<see cref="CanaryAction.AwaitDecision"/>), since no verdict was possible at that traffic.
/// </remarks>
public enum CanaryBorderlinePolicy
{
    /// <summary>Roll back: the champion keeps serving (the default).</summary>
    RollBack,

    /// <summary>Advance to the next step, or promote after the last, as if the gates had passed.</summary>
    Advance,

    /// <summary>Hold the percentage and ask for a decision (<see cref="CanaryController.DecideAsync"/>).</summary>
    AwaitDecision,
}
