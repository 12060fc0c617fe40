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
/// <see cref="Active"/> is read by the request path on any thread; <see cref="Start"/>, <see cref="EvaluateAsync"/>,
/// <see cref="DecideAsync"/> and <see cref="End"/> are called by one check (or decision) at a time.
/// </remarks>
internal sealed class CanaryLifecycle(ModelMonitorOptions options, IModelRegistry registry, TimeProvider time, ILoggerFactory? loggerFactory, LoopReporter reporter) : ICanaryStarter, IDisposable
{
    private volatile ActiveCanary? active;

    /// <summary>The running canary; null when none runs.</summary>
    public ActiveCanary? Active => active;

    /// <inheritdoc/>
    public bool Running => active is not null;

    /// <inheritdoc/>
    public Task StartAsync(int championVersion, int candidateVersion, TrafficMeasurement? traffic, CheckRun run, CancellationToken cancellationToken)
    {
        Start(championVersion, candidateVersion, traffic, run);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts routing the plan's first share of traffic to <paramref name="candidateVersion"/>, the plan fitted to
    /// <paramref name="traffic"/> when there is a measurement.
    /// </summary>
    /// <exception cref="ArgumentException">The plan is invalid or cannot decide at the measured traffic; nothing started.</exception>
    public void Start(int championVersion, int candidateVersion, TrafficMeasurement? traffic, CheckRun run)
    {
        CanaryOptions plan = options.CreateCanaryPlan(championVersion, candidateVersion, traffic);
        string sizing = traffic is null
            ? "the plan is not fitted to the traffic yet (too few requests measured)"
            : CanaryPlanner.Estimate(plan, traffic.Baseline, traffic.RequestsPerSecond).Summary;
        var controller = new CanaryController(plan, new RegistryCanaryPromoter(registry, options.ModelName, options.ChampionAlias), time, loggerFactory?.CreateLogger<CanaryController>());
        active = new ActiveCanary(controller, championVersion, candidateVersion);
        reporter.Report(run, MonitoringEventKind.CanaryStarted, candidateVersion, string.Create(CultureInfo.InvariantCulture, $"canary {plan.Name}: {controller.CandidatePercentage}% of traffic to version {candidateVersion}, steps {string.Join(", ", plan.Steps.Select(s => s.Percentage + "%"))}, gates {string.Join(", ", plan.Gates.Select(g => g.Name))}; {sizing}"));
    }

    /// <summary>
    /// Runs the canary's evaluation and reports its action. A promoted canary is returned and keeps routing to the
    /// candidate until the caller has reloaded the champion and calls <see cref="End"/>; a rollback or a finished canary
    /// ends here.
    /// </summary>
    /// <returns>The evaluation, the promoted canary or null, and whether the canary was rolled back (the caller starts the cooldown).</returns>
    public async Task<CanaryOutcome> EvaluateAsync(ActiveCanary canary, CheckRun run, CancellationToken cancellationToken) =>
        Handle(canary, await canary.Controller.EvaluateAsync(cancellationToken).ConfigureAwait(false), run);

    /// <summary>Acts on a decision about the running step (<see cref="CanaryController.DecideAsync"/>) and reports it as <see cref="EvaluateAsync"/> does.</summary>
    public async Task<CanaryOutcome> DecideAsync(ActiveCanary canary, CanaryDecision decision, CheckRun run, CancellationToken cancellationToken) =>
        Handle(canary, await canary.Controller.DecideAsync(decision, cancellationToken).ConfigureAwait(false), run);

    private CanaryOutcome Handle(ActiveCanary canary, CanaryEvaluation evaluation, CheckRun run)
    {
        bool wasAwaiting = canary.AwaitingDecision;
        canary.AwaitingDecision = evaluation.Action == CanaryAction.AwaitDecision;
        switch (evaluation.Action)
        {
            case CanaryAction.Advance:
                reporter.Report(run, MonitoringEventKind.CanaryAdvanced, canary.CandidateVersion, string.Create(CultureInfo.InvariantCulture, $"{evaluation.CandidatePercentage}% of traffic to version {canary.CandidateVersion}: {evaluation.Reason}"));
                break;
            case CanaryAction.Promote:
                reporter.Report(run, MonitoringEventKind.CanaryPromoted, canary.CandidateVersion, $"version {canary.CandidateVersion} replaces version {canary.ChampionVersion}: {evaluation.Reason}");
                return new CanaryOutcome(evaluation, canary, false);
            case CanaryAction.RollBack:
                reporter.Report(run, MonitoringEventKind.CanaryRolledBack, canary.CandidateVersion, $"version {canary.ChampionVersion} keeps serving: {evaluation.Reason}");
                End(canary);
                return new CanaryOutcome(evaluation, null, true);
            case CanaryAction.AwaitDecision:
                // Reported once when the wait begins; every check while it lasts says so in the health.
                if (!wasAwaiting)
                {
                    reporter.Report(run, MonitoringEventKind.CanaryAwaitingDecision, canary.CandidateVersion, string.Create(CultureInfo.InvariantCulture, $"version {canary.CandidateVersion} holds {evaluation.CandidatePercentage}% of traffic: {evaluation.Reason}"));
                }

                run.Worsen(MonitoringHealth.Degraded, $"canary {canary.Controller.Name} awaits a decision: {evaluation.Reason}");
                break;
            case CanaryAction.None:
                End(canary);
                break;
        }

        return new CanaryOutcome(evaluation, null, false);
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
