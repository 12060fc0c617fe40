namespace MlSystems.Monitoring;

/// <summary>Why the monitor asked for a new model.</summary>
public enum RetrainingReason
{
    /// <summary>The served data drifted from the training data (covariate or prior shift).</summary>
    Drift = 0,

    /// <summary>The loss on labelled requests rose past the policy (concept shift, or drift that hurts).</summary>
    Decay = 1,
}
