namespace MlSystems.Rollout;

/// <summary>A gate's verdict on a step.</summary>
public enum GateOutcome
{
    /// <summary>The candidate is no worse than the champion within the gate's tolerance.</summary>
    Pass,

    /// <summary>Not enough evidence either way yet.</summary>
    Inconclusive,

    /// <summary>The candidate is worse than the tolerance allows.</summary>
    Fail,
}
