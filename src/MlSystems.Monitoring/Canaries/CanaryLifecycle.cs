using System.Globalization;
using Microsoft.Extensions.Logging;
using MlSystems.Registry;
using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>
/// The canary of a retrained version from start to end: starts it on the options' plan with a promoter that moves the
/// champion alias, evaluates it once per check, and ends it when it is promoted, rolled back or finished.
/// </summary>
/// <remarks>
/// <see cref="Active"/> is read by the request path on any thread; <see cref="Start"/>, <see cref="EvaluateAsync"/> and
/// <see cref="End"/> are called by one check at a time.
/// </remarks>
internal sealed class CanaryLifecycle(ModelMonitorOptions options, IModelRegistry registry, TimeProvider time, ILoggerFactory? loggerFactory, LoopReporter reporter) : IDisposable
{
    private volatile ActiveCanary? active;

    /// <summary>The running canary; null when none runs.</summary>
    public ActiveCanary? Active => active;

    /// <summary>Starts routing the plan's first share of traffic to <paramref name="candidateVersion"/>.</summary>
    public void Start(int championVersion, int candidateVersion, CheckRun run)
    {
        CanaryOptions plan = options.CreateCanaryPlan(championVersion, candidateVersion);
        var controller = new CanaryController(plan, new RegistryCanaryPromoter(registry, options.ModelName, options.ChampionAlias), time, loggerFactory?.CreateLogger<CanaryController>());
        active = new ActiveCanary(controller, championVersion, candidateVersion);
        reporter.Report(run, MonitoringEventKind.CanaryStarted, candidateVersion, string.Create(CultureInfo.InvariantCulture, $"canary {plan.Name}: {controller.CandidatePercentage}% of traffic to version {candidateVersion}, {plan.Steps.Count} steps, gates {string.Join(", ", plan.Gates.Select(g => g.Name))}"));
    }

    /// <summary>
    /// Runs the canary's evaluation and reports its action. A promoted canary is returned and keeps routing to the
    /// candidate until the caller has reloaded the champion and calls <see cref="End"/>; a rollback or a finished canary
    /// ends here.
    /// </summary>
    /// <returns>The promoted canary or null, and whether the canary was rolled back (the caller starts the cooldown).</returns>
    public async Task<(ActiveCanary? Promoted, bool RolledBack)> EvaluateAsync(ActiveCanary canary, CheckRun run, CancellationToken cancellationToken)
    {
        CanaryEvaluation evaluation = await canary.Controller.EvaluateAsync(cancellationToken).ConfigureAwait(false);
        switch (evaluation.Action)
        {
            case CanaryAction.Advance:
                reporter.Report(run, MonitoringEventKind.CanaryAdvanced, canary.CandidateVersion, string.Create(CultureInfo.InvariantCulture, $"{evaluation.CandidatePercentage}% of traffic to version {canary.CandidateVersion}: {evaluation.Reason}"));
                break;
            case CanaryAction.Promote:
                reporter.Report(run, MonitoringEventKind.CanaryPromoted, canary.CandidateVersion, $"version {canary.CandidateVersion} replaces version {canary.ChampionVersion}: {evaluation.Reason}");
                return (canary, false);
            case CanaryAction.RollBack:
                reporter.Report(run, MonitoringEventKind.CanaryRolledBack, canary.CandidateVersion, $"version {canary.ChampionVersion} keeps serving: {evaluation.Reason}");
                End(canary);
                return (null, true);
            case CanaryAction.None:
                End(canary);
                break;
        }

        return (null, false);
    }

    /// <summary>Stops routing through <paramref name="canary"/> and releases it.</summary>
    public void End(ActiveCanary canary)
    {
        Interlocked.CompareExchange(ref active, null, canary);
        canary.Controller.Dispose();
    }

    /// <summary>Releases the running canary, if any.</summary>
    public void Dispose() => active?.Controller.Dispose();
}
