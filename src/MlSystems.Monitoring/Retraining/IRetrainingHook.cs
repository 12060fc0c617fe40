namespace MlSystems.Monitoring;

/// <summary>The host's training code, which the monitor calls when drift or decay crosses the policy.</summary>
/// <remarks>The monitor registers what the hook returns, with its lineage, and starts a canary for it; it never calls the
/// hook again while that canary runs or within <see cref="ModelMonitorOptions.RetrainCooldown"/> of a rollback or a
/// failure. An exception from the hook is logged and reported as <see cref="MonitoringEventKind.RetrainingFailed"/>.</remarks>
public interface IRetrainingHook
{
    /// <summary>Trains a new model for the request's model.</summary>
    /// <param name="request">Why, and on top of which version.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The trained model.</returns>
    Task<RetrainedModel> RetrainAsync(RetrainingRequest request, CancellationToken cancellationToken);
}
