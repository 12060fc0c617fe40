namespace MlSystems.Monitoring;

/// <summary>What happened during a check.</summary>
public enum MonitoringEventKind
{
    /// <summary>The alias now points to another version (a promotion, or a person moved it); its profile was loaded.</summary>
    ChampionChanged = 0,

    /// <summary>The served features or predictions drifted from the champion's reference profile past the policy.</summary>
    DriftDetected = 1,

    /// <summary>The champion's loss on labelled requests exceeded its baseline by more than the tolerance, significantly.</summary>
    PerformanceDecayed = 2,

    /// <summary>The retraining hook was called.</summary>
    RetrainingStarted = 3,

    /// <summary>The retraining hook or the registration of its model failed; the next attempt waits for the cooldown.</summary>
    RetrainingFailed = 4,

    /// <summary>The retrained model was registered as a new version with its lineage.</summary>
    CandidateRegistered = 5,

    /// <summary>A canary started sending the candidate its first step's share of traffic.</summary>
    CanaryStarted = 6,

    /// <summary>The canary passed a step and moved to the next percentage.</summary>
    CanaryAdvanced = 7,

    /// <summary>The canary passed every step; the alias moved to the candidate.</summary>
    CanaryPromoted = 8,

    /// <summary>
    /// A gate failed, a borderline step reached its maximum duration under the roll-back policy, or a decision rolled
    /// the canary back; all traffic went back to the champion.
    /// </summary>
    CanaryRolledBack = 9,

    /// <summary>
    /// A step reached its maximum duration without a verdict (too few requests, or borderline under the await-decision
    /// policy); it holds its share until <see cref="ModelMonitor.DecideCanaryAsync"/>. Reported once per wait; the
    /// checks meanwhile are degraded.
    /// </summary>
    CanaryAwaitingDecision = 10,
}
