namespace MlSystems.Rollout;

/// <summary>Where a canary stands.</summary>
public enum CanaryState
{
    /// <summary>A step is running (waiting for evidence, or holding on an inconclusive gate).</summary>
    Running,

    /// <summary>A gate failed (or a step stayed inconclusive past its limit): the candidate gets no traffic.</summary>
    RolledBack,

    /// <summary>Every step passed and the candidate was promoted.</summary>
    Promoted,
}
