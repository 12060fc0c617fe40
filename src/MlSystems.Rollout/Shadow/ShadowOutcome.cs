namespace MlSystems.Rollout;

/// <summary>What became of one shadowed request.</summary>
public enum ShadowOutcome
{
    /// <summary>The challenger answered the same as the primary.</summary>
    Agreed,

    /// <summary>The challenger answered differently.</summary>
    Disagreed,

    /// <summary>The challenger threw.</summary>
    Failed,

    /// <summary>The challenger took longer than the timeout.</summary>
    TimedOut,
}
