namespace MlSystems.Rollout;

/// <summary>
/// What a canary's end does outside the process: typically a model registry moving the serving alias to the candidate
/// (promotion) or recording the failed attempt (rollback), with the outcome attached as evidence.
/// </summary>
public interface ICanaryPromoter
{
    /// <summary>Promotes the candidate. When this throws, the canary stays at its last step and the next evaluation retries.</summary>
    ValueTask PromoteAsync(CanaryOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Records a rollback; the traffic has already left the candidate when this is called. Exceptions are logged and swallowed.</summary>
    ValueTask RolledBackAsync(CanaryOutcome outcome, CancellationToken cancellationToken);
}
