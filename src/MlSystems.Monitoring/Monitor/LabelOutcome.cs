namespace MlSystems.Monitoring;

/// <summary>What became of a delayed label.</summary>
public enum LabelOutcome
{
    /// <summary>The label met its prediction; the loss counts towards the version's performance.</summary>
    Joined = 0,

    /// <summary>No pending prediction has this request id: it was never logged, already labelled, or evicted as the oldest
    /// pending request (counted in <see cref="ModelMonitor.Counters"/>).</summary>
    Unmatched = 1,
}
