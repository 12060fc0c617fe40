namespace MlSystems.Rollout;

/// <summary>A person's (or a pipeline's) decision on a running canary, through <see cref="CanaryController.DecideAsync"/>.</summary>
public enum CanaryDecision
{
    /// <summary>Advance to the next step, or promote after the last.</summary>
    Advance,

    /// <summary>Roll back: the candidate's share goes to 0 at once.</summary>
    RollBack,

    /// <summary>Keep the step running: its <see cref="CanaryStep.MaximumDuration"/> counts again from now, its evidence kept.</summary>
    Extend,
}
