namespace MlSystems.Rollout;

/// <summary>What one evaluation of a canary did.</summary>
public enum CanaryAction
{
    /// <summary>The step has not yet run its minimum duration or collected its minimum samples.</summary>
    Wait,

    /// <summary>
    /// A gate is inconclusive and the step goes on, within its maximum duration: it has too few requests for the gate's
    /// verdict yet, or it has them and the candidate is borderline. The percentage holds.
    /// </summary>
    Hold,

    /// <summary>Every gate passed: the next step's percentage is in force.</summary>
    Advance,

    /// <summary>A gate failed: the candidate's share went to 0 at once.</summary>
    RollBack,

    /// <summary>The last step passed: the candidate was promoted.</summary>
    Promote,

    /// <summary>The canary had already ended; nothing changed.</summary>
    None,

    /// <summary>
    /// The step reached its maximum duration without a verdict, with too few requests for one (or borderline under
    /// <see cref="CanaryBorderlinePolicy.AwaitDecision"/>): the percentage holds until <see cref="CanaryController.DecideAsync"/>.
    /// </summary>
    AwaitDecision,
}
