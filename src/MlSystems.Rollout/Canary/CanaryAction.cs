namespace MlSystems.Rollout;

/// <summary>What one evaluation of a canary did.</summary>
public enum CanaryAction
{
    /// <summary>The step has not yet run its minimum duration or collected its minimum samples.</summary>
    Wait,

    /// <summary>
    /// The step goes on, within its maximum duration: a gate is inconclusive (too few requests for its verdict yet, or
    /// enough and the candidate is borderline), or every gate passed but the champion has served too little for the
    /// last step at 100% to decide. The percentage holds.
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
