using System.Globalization;
using Microsoft.Extensions.Logging;
using MlSystems.Drift;
using MlSystems.Registry;
using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>
/// A <see cref="ModelMonitor"/>'s part in a fleet. As a host it routes by the fleet's plan, counts what it serves and
/// flushes it every check; as a coordinator candidate it runs the coordinator's round and, leading, checks the merged
/// traffic of the champion for drift and decay, retrains through the host's hook and starts the candidate's canary in
/// the plan, where the coordinator judges its steps on every host's traffic.
/// </summary>
/// <remarks>Routing and recording are thread-safe; checks are serialised by the monitor.</remarks>
internal sealed class FleetMonitorLoop : ICanaryStarter
{
    private readonly ModelMonitorOptions options;
    private readonly FleetOptions fleet;
    private readonly ChampionResolver champions;
    private readonly DriftCheck driftCheck;
    private readonly PerformanceCheck? performanceCheck;
    private readonly RetrainingScheduler retraining;
    private readonly LoopReporter reporter;
    private readonly FleetServingHost? host;
    private readonly FleetCoordinator? coordinator;
    private readonly IModelRegistry registry;
    private volatile RoutingPlan? coordinated;

    // The plan revision whose step was last reported as awaiting a decision, so the event is reported once per wait.
    private long awaitingReported;

    // The last verdicts on the champion's merged traffic: judged once per full window, in force until the next one.
    private (int Version, DriftReport Report)? lastDrift;
    private (int Version, PerformanceSnapshot Snapshot)? lastPerformance;

    public FleetMonitorLoop(ModelMonitorOptions options, FleetOptions fleet, IFleetStore store, IModelRegistry registry, ChampionResolver champions, DriftCheck driftCheck, PerformanceCheck? performanceCheck, IRetrainingHook? hook, CandidateRegistrar registrar, TrafficMeter traffic, LoopReporter reporter, TimeProvider time, ILogger logger, Func<long> pendingLabels)
    {
        (this.options, this.fleet, this.registry, this.champions, this.driftCheck, this.performanceCheck, this.reporter) = (options, fleet, registry, champions, driftCheck, performanceCheck, reporter);
        retraining = new RetrainingScheduler(options, hook, registrar, this, traffic, reporter);
        if (fleet.Role != FleetRole.Coordinating)
        {
            host = new FleetServingHost(store, options.ModelName, fleet.HostId, time, [.. options.FeatureNames], options.PredictionName, pendingLabels);
        }

        if (fleet.Role != FleetRole.Serving)
        {
            coordinator = new FleetCoordinator(store, registry, new FleetCoordinatorSettings
            {
                ModelName = options.ModelName,
                ChampionAlias = options.ChampionAlias,
                Holder = fleet.HostId,
                LeaseDuration = fleet.LeaseDuration,
                FlushInterval = fleet.FlushInterval,
                SummaryRetention = fleet.SummaryRetention,
                CanaryPlan = CanaryPlan,
                BinsFor = BinsForAsync,
            }, time, logger);
        }
    }

    /// <summary>The plan this process follows: the one it coordinated this round while it leads (the freshest), else the one
    /// it routes by as a host.</summary>
    public RoutingPlan? Plan => coordinated ?? host?.Plan;

    /// <inheritdoc/>
    public bool Running => Plan?.Phase is FleetPhase.Canary or FleetPhase.Promoting;

    /// <summary>The canary plan of a fleet: the monitor's, with windows that keep no prediction sample (they must merge).</summary>
    public CanaryOptions CanaryPlan(int champion, int candidate)
    {
        CanaryOptions plan = options.CreateCanaryPlan(champion, candidate, traffic: null);
        plan.PredictionSampleCapacity = 0;
        plan.Validate();
        return plan;
    }

    public ModelRoute Route(ReadOnlySpan<char> routingKey)
    {
        FleetServingHost serving = host ?? throw new InvalidOperationException($"This process only coordinates model '{options.ModelName}' (FleetRole.Coordinating): it routes and records nothing.");
        FleetHostRoute route = serving.Route(routingKey);
        return new ModelRoute(route.Version, route);
    }

    public void Record(in ModelRoute route, in CanaryObservation observation) => Host().Record(route.Fleet!.Value, observation);

    public void CountRow(in ModelRoute route, ReadOnlySpan<double> features, double prediction) => Host().CountRow(route.Fleet!.Value, features, prediction);

    /// <inheritdoc/>
    public async Task StartAsync(int championVersion, int candidateVersion, TrafficMeasurement? traffic, CheckRun run, CancellationToken cancellationToken)
    {
        _ = await coordinator!.StartCanaryAsync(candidateVersion, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the lease of model '{options.ModelName}' passed to another coordinator before the canary of version {candidateVersion} could start");
        CanaryOptions plan = CanaryPlan(championVersion, candidateVersion);
        reporter.Report(run, MonitoringEventKind.CanaryStarted, candidateVersion, string.Create(CultureInfo.InvariantCulture, $"canary {plan.Name} in the fleet's plan: {plan.Steps[0].Percentage}% of keys to version {candidateVersion} on every host, steps {string.Join(", ", plan.Steps.Select(s => s.Percentage + "%"))}, gates {string.Join(", ", plan.Gates.Select(g => g.Name))}"));
    }

    /// <summary>Flushes (as a host), then coordinates (as a candidate); returns the champion and the verdicts on its traffic.</summary>
    public async Task<(Champion? Champion, DriftReport? Drift, PerformanceSnapshot? Performance)> CheckAsync(CheckRun run, CancellationToken cancellationToken)
    {
        if (host is not null && !await host.FlushAsync(cancellationToken).ConfigureAwait(false))
        {
            run.Worsen(MonitoringHealth.Degraded, string.Create(CultureInfo.InvariantCulture, $"host {fleet.HostId} cannot reach the fleet store: what it served waits to be flushed, and it routes by plan revision {host.PlanRevision?.ToString(CultureInfo.InvariantCulture) ?? "none"}"));
        }

        if (coordinator is null)
        {
            DescribePlan(run, host!.Plan, host.PlanRevision, "routes by");
            return (null, null, null);
        }

        FleetRound round = await coordinator.RunRoundAsync(cancellationToken).ConfigureAwait(false);
        if (!round.Leading)
        {
            coordinated = null;
            string leader = await CurrentLeaderAsync(cancellationToken).ConfigureAwait(false) ?? "nobody";
            run.Reasons.Add($"standby coordinator: {leader} holds the lease of model {options.ModelName}");
            DescribePlan(run, host?.Plan, host?.PlanRevision, "routes by");
            return (null, null, null);
        }

        coordinated = round.Plan;
        ReportWritten(round, run);
        ReportAwaiting(round, run);
        if (options.Performance is not null && round.PendingLabels > 0)
        {
            run.Reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{round.PendingLabels:N0} predictions wait for their labels across the fleet's hosts"));
        }

        if (round.SilentHosts.Count > 0)
        {
            run.Worsen(MonitoringHealth.Degraded, "missing coverage: " + string.Join(", ", round.SilentHosts.Select(h => string.Create(CultureInfo.InvariantCulture, $"host {h.HostId} has flushed nothing since {h.LastIntervalEnd:u}"))));
        }

        Champion? current = await champions.ResolveAsync(run, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            run.Worsen(MonitoringHealth.Unhealthy, $"the alias '{options.ChampionAlias}' of model '{options.ModelName}' names no version");
            return (null, null, null);
        }

        DriftReport? drift = Drift(current, round.Plan, run);
        PerformanceSnapshot? performance = Performance(current, run);
        await coordinator.KeepLeaseWhileAsync(() => retraining.RunIfNeededAsync(current, drift, performance, run, cancellationToken)).ConfigureAwait(false);
        DescribePlan(run, coordinated, round.Revision, "coordinates");
        return (current, drift, performance);
    }

    /// <summary>Acts on a decision about the fleet's running canary (see <see cref="FleetCoordinator.DecideAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">This process does not coordinate, does not lead now, or no canary runs.</exception>
    public async Task<CanaryEvaluation> DecideAsync(CanaryDecision decision, CheckRun run, CancellationToken cancellationToken)
    {
        FleetCoordinator leader = coordinator ?? throw new InvalidOperationException($"This process only serves model '{options.ModelName}' (FleetRole.Serving): decide on its canary from a coordinating process.");
        FleetRound round = await leader.DecideAsync(decision, cancellationToken).ConfigureAwait(false);
        if (!round.Leading)
        {
            string holder = await CurrentLeaderAsync(cancellationToken).ConfigureAwait(false) ?? "nobody";
            throw new InvalidOperationException($"This process does not lead model '{options.ModelName}' now ({holder} holds the lease): decide from the leading coordinator.");
        }

        coordinated = round.Plan;
        ReportWritten(round, run);
        return round.Evaluation!;
    }

    private FleetServingHost Host() => host ?? throw new InvalidOperationException($"This process only coordinates model '{options.ModelName}' (FleetRole.Coordinating): it routes and records nothing.");

    private DriftReport? Drift(Champion current, RoutingPlan? plan, CheckRun run)
    {
        if (current.Profile is null)
        {
            run.Worsen(MonitoringHealth.Unhealthy, current.Error!);
            return null;
        }

        if (plan is not null && plan.Champion == current.Version.Version && coordinator!.TakeChampionRows(plan, driftCheck.MinimumRows) is { } counts)
        {
            try
            {
                DriftReport report = DriftReport.ComputeBinned(current.Profile, counts, options.Drift.Report);
                lastDrift = (current.Version.Version, driftCheck.Judge(current, report, run));
                return lastDrift.Value.Report;
            }
            catch (ArgumentException e)
            {
                run.Worsen(MonitoringHealth.Degraded, $"the drift of the fleet's traffic could not be computed: {e.Message}");
                return null;
            }
        }

        // Between windows the last verdict stands, as a single host's window would still hold those rows.
        if (lastDrift is { } last && last.Version == current.Version.Version)
        {
            if (last.Report.DatasetDrifted)
            {
                run.Worsen(MonitoringHealth.Degraded, $"drift: {last.Report.DriftedFeatureCount} of {last.Report.Features.Count} features drifted over the fleet's last {last.Report.CurrentRowCount} rows");
            }

            return last.Report;
        }

        return null;
    }

    private PerformanceSnapshot? Performance(Champion current, CheckRun run)
    {
        if (performanceCheck is null || options.Performance is not { } policy)
        {
            return null;
        }

        if (coordinator!.TakeChampionOutcomes(policy.MinimumLabels) is { } outcomes)
        {
            ArmSummary losses = outcomes.BusinessMetric;
            PerformanceSnapshot snapshot = performanceCheck.Run(current, new LossSummary((int)Math.Min(losses.Count, int.MaxValue), losses.Mean, losses.Variance), run);
            lastPerformance = (current.Version.Version, snapshot);
            return snapshot;
        }

        return lastPerformance is { } last && last.Version == current.Version.Version ? last.Snapshot : null;
    }

    /// <summary>Reports what the revisions this round wrote did: a canary's steps, its promotion or rollback.</summary>
    private void ReportWritten(FleetRound round, CheckRun run)
    {
        foreach ((long revision, RoutingPlan plan) in round.Written)
        {
            switch (plan.Phase)
            {
                case FleetPhase.Canary when plan.Step > 0:
                    reporter.Report(run, MonitoringEventKind.CanaryAdvanced, plan.Candidate!.Value, string.Create(CultureInfo.InvariantCulture, $"{plan.Percentage}% of keys to version {plan.Candidate} on every host (plan revision {revision}): {plan.Reason}"));
                    break;
                case FleetPhase.Promoting:
                    reporter.Report(run, MonitoringEventKind.CanaryPromoted, plan.Candidate!.Value, $"{plan.Reason} (plan revision {revision})");
                    break;
                case FleetPhase.Serving when round.Evaluation?.Action == CanaryAction.RollBack:
                    reporter.Report(run, MonitoringEventKind.CanaryRolledBack, plan.Champion, $"version {plan.Champion} keeps serving: {plan.Reason}");
                    retraining.CoolDown(run.At);
                    break;
            }
        }
    }

    /// <summary>Reports, once per wait, a step that asks for a decision (too few requests or borderline at its limit).</summary>
    private void ReportAwaiting(FleetRound round, CheckRun run)
    {
        if (round.Evaluation is not { Action: CanaryAction.AwaitDecision } evaluation || round.Plan?.Candidate is not int candidate)
        {
            return;
        }

        if (awaitingReported != round.Revision)
        {
            awaitingReported = round.Revision;
            reporter.Report(run, MonitoringEventKind.CanaryAwaitingDecision, candidate, string.Create(CultureInfo.InvariantCulture, $"version {candidate} holds {round.Plan.Percentage}% of keys on every host: {evaluation.Reason}"));
        }

        run.Worsen(MonitoringHealth.Degraded, $"canary {round.Plan.CanaryName} awaits a decision: {evaluation.Reason}");
    }

    private static void DescribePlan(CheckRun run, RoutingPlan? plan, long? revision, string verb)
    {
        if (plan is null)
        {
            run.Worsen(MonitoringHealth.Degraded, "no fleet plan has been read yet: the process serves nothing until a coordinator writes one");
            return;
        }

        run.Reasons.Add(plan.Phase == FleetPhase.Serving
            ? string.Create(CultureInfo.InvariantCulture, $"this process {verb} plan revision {revision}: version {plan.Champion} serves everything")
            : string.Create(CultureInfo.InvariantCulture, $"this process {verb} plan revision {revision}: canary {plan.CanaryName}, version {plan.Candidate} at {plan.Percentage}% (step {plan.Step}{(plan.Phase == FleetPhase.Promoting ? ", promoting" : "")})"));
    }

    private async Task<string?> CurrentLeaderAsync(CancellationToken cancellationToken) =>
        coordinator is null ? null : (await coordinator.ReadLeaseAsync(cancellationToken).ConfigureAwait(false))?.Holder;

    /// <summary>The bins of a version's profile, restricted to what the monitor logs, for the hosts to count its rows in.</summary>
    private async Task<IReadOnlyList<PlanBins>?> BinsForAsync(int version, CancellationToken cancellationToken)
    {
        if (await registry.GetVersionAsync(options.ModelName, version, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        Champion loaded = await champions.LoadAsync(found, cancellationToken).ConfigureAwait(false);
        return loaded.Profile?.Features.Where(f => f.Kind == FeatureKind.Numeric).Select(f => new PlanBins(f.Name, f.Histogram!.Edges.ToArray())).ToArray();
    }
}
