namespace MlSystems.Rollout;

/// <summary>What one evaluation of a canary did.</summary>
public enum CanaryAction
{
    /// <summary>The step has not yet run its minimum duration or collected its minimum samples.</summary>
    Wait,

    /// <summary>The step has its evidence but a gate is inconclusive: the percentage holds.</summary>
    Hold,

    /// <summary>Every gate passed: the next step's percentage is in force.</summary>
    Advance,

    /// <summary>A gate failed: the candidate's share went to 0 at once.</summary>
    RollBack,

    /// <summary>The last step passed: the candidate was promoted.</summary>
    Promote,

    /// <summary>The canary had already ended; nothing changed.</summary>
    None,
}
