using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlSystems.Drift;
using MlSystems.Registry;
using MlSystems.Rollout;
using MlSystems.Statistics;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Monitoring;

/// <summary>
/// Closes the loop for one registered model: routes requests to the champion (or through a running canary), logs what
/// was served, joins delayed labels, and on every <see cref="CheckAsync"/> checks the champion's recent traffic against
/// its reference profile and its loss against its baseline; when drift or decay crosses the policy it calls the host's
/// retraining hook, registers the new version with its lineage and starts a canary, whose outcome promotes the version
/// (the alias moves) or rolls it back.
/// </summary>
/// <remarks>
/// <para>
/// The monitor is a façade over parts that each do one thing and take their inputs as data: the champion resolver
/// (alias → version, profile, baseline), the drift check (a window of rows), the performance check (a loss summary),
/// the retraining scheduler (policy, cooldown, the hook, registration) and the canary lifecycle. Here they read this
/// process's serving log; a coordinator for several replicas feeds them merged windows instead.
/// </para>
/// <para>
/// <see cref="Route"/>, <see cref="RecordPrediction"/>, <see cref="RecordFailure"/> and <see cref="RecordLabel"/> are
/// thread-safe and run concurrently with a check; checks serialise. Until the first check has found the champion,
/// <see cref="Route"/> throws. Time comes from the <see cref="TimeProvider"/>; the hosted service registered by
/// <c>AddModelMonitoring</c> runs the checks on <see cref="ModelMonitorOptions.CheckInterval"/>.
/// </para>
/// </remarks>
public sealed class ModelMonitor : IDisposable
{
    private readonly ModelMonitorOptions options;
    private readonly string[] featureNames;
    private readonly TimeProvider time;
    private readonly LoopReporter reporter;
    private readonly ServingLog serving;
    private readonly TrafficMeter traffic = new();
    private readonly ChampionResolver champions;
    private readonly DriftCheck driftCheck;
    private readonly PerformanceCheck? performanceCheck;
    private readonly CanaryLifecycle canaries;
    private readonly CandidateRegistrar registrar;
    private readonly RetrainingScheduler retraining;
    private readonly FleetMonitorLoop? fleet;
    private readonly TimeSpan checkInterval;
    private readonly SemaphoreSlim checks = new(1, 1);
    private volatile MonitoringCheck? lastCheck;

    /// <summary>Creates a monitor; nothing is read until the first <see cref="CheckAsync"/>.</summary>
    /// <param name="options">What to watch and the policies; validated here.</param>
    /// <param name="registry">The model registry.</param>
    /// <param name="profiles">Where the versions' reference profiles are.</param>
    /// <param name="retraining">The host's training code; null to watch and report without retraining.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Loggers for the monitor and its canaries; none when null.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message names the option).</exception>
    public ModelMonitor(ModelMonitorOptions options, IModelRegistry registry, IReferenceProfileStore profiles, IRetrainingHook? retraining = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(options, registry, profiles, retraining, timeProvider, loggerFactory, telemetry: null)
    {
    }

    /// <summary>
    /// Creates a monitor that takes part in a fleet: hosts route by the plan in <paramref name="store"/> and flush what
    /// they serve; the coordinator among them judges every host's traffic, retrains and runs one canary for all of them.
    /// </summary>
    /// <param name="options">What to watch and the policies; validated here. The canary plan's windows keep no
    /// prediction sample in a fleet (they must merge exactly), so a plan with a prediction-drift gate is refused.</param>
    /// <param name="registry">The model registry, shared by the fleet.</param>
    /// <param name="profiles">Where the versions' reference profiles are, shared by the fleet.</param>
    /// <param name="store">The fleet's shared store.</param>
    /// <param name="fleetOptions">This process's role, id and intervals; copied and validated here.</param>
    /// <param name="retraining">The host's training code, called by the coordinator; null to watch and report only.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Loggers; none when null.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message names the option).</exception>
    public ModelMonitor(ModelMonitorOptions options, IModelRegistry registry, IReferenceProfileStore profiles, IFleetStore store, FleetOptions fleetOptions, IRetrainingHook? retraining = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
        : this(options, registry, profiles, retraining, timeProvider, loggerFactory, telemetry: null, store ?? throw new ArgumentNullException(nameof(store)), fleetOptions ?? throw new ArgumentNullException(nameof(fleetOptions)))
    {
    }

    internal ModelMonitor(ModelMonitorOptions options, IModelRegistry registry, IReferenceProfileStore profiles, IRetrainingHook? retraining, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, MonitoringTelemetry? telemetry, IFleetStore? store = null, FleetOptions? fleetOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(profiles);
        options.Validate();
        this.options = options = options.Snapshot();
        featureNames = [.. options.FeatureNames];
        time = timeProvider ?? TimeProvider.System;
        reporter = new LoopReporter(options.ModelName, loggerFactory?.CreateLogger<ModelMonitor>() ?? NullLogger<ModelMonitor>.Instance, telemetry);
        serving = new ServingLog(featureNames.Length, options.WindowCapacity, options.Performance?.WindowSize ?? 0, options.PendingLabelCapacity);
        champions = new ChampionResolver(options, registry, profiles, reporter);
        driftCheck = new DriftCheck(options.Drift, reporter);
        performanceCheck = options.Performance is { } policy ? new PerformanceCheck(policy, reporter) : null;
        canaries = new CanaryLifecycle(options, registry, time, loggerFactory, reporter);
        registrar = new CandidateRegistrar(options, registry, profiles);
        this.retraining = new RetrainingScheduler(options, retraining, registrar, canaries, traffic, reporter);
        checkInterval = options.CheckInterval;
        if (store is not null && fleetOptions is not null)
        {
            fleetOptions = fleetOptions.Snapshot();
            fleetOptions.Validate();
            fleet = new FleetMonitorLoop(options, fleetOptions, store, registry, champions, driftCheck, performanceCheck, retraining, registrar, traffic, reporter, time, loggerFactory?.CreateLogger<ModelMonitor>() ?? NullLogger<ModelMonitor>.Instance, () => serving.PendingLabels);
            try
            {
                _ = fleet.CanaryPlan(1, 2);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"The canary plan cannot run in a fleet, where its windows keep no prediction sample: {e.Message}", nameof(options), e);
            }

            checkInterval = fleetOptions.FlushInterval;
        }
    }

    /// <summary>Raised after every check with its result, on the thread that ran it.</summary>
    public event EventHandler<MonitoringCheck>? CheckCompleted;

    /// <summary>
    /// A copy of the options in force. The monitor took its own copy at construction, so changing the caller's object,
    /// or this copy, has no effect.
    /// </summary>
    public ModelMonitorOptions Options => options.Snapshot();

    /// <summary>The monitored model's name.</summary>
    public string ModelName => options.ModelName;

    /// <summary>How often the hosted service checks: the options' <see cref="ModelMonitorOptions.CheckInterval"/>, or in a
    /// fleet its <see cref="FleetOptions.FlushInterval"/>.</summary>
    public TimeSpan CheckInterval => checkInterval;

    /// <summary>Whether the monitor takes part in a fleet (built with an <see cref="IFleetStore"/>).</summary>
    public bool InFleet => fleet is not null;

    /// <summary>The version the alias named at the last check (in a fleet, the champion of the plan this process follows);
    /// null before the first check or while the alias is unset.</summary>
    public int? ChampionVersion => fleet is not null ? fleet.Plan?.Champion : champions.Current?.Version.Version;

    /// <summary>The candidate of the running canary (in a fleet, of the plan this process follows); null when none runs.</summary>
    public int? CandidateVersion => fleet is not null ? fleet.Plan?.Candidate : canaries.Active?.CandidateVersion;

    /// <summary>The canary running in this process; null when none runs, and always in a fleet, whose canary the
    /// coordinator judges from the plan.</summary>
    public CanaryController? Canary => canaries.Active?.Controller;

    /// <summary>The result of the last check; null before the first.</summary>
    public MonitoringCheck? LastCheck => lastCheck;

    /// <summary>What the request path has recorded so far.</summary>
    public ModelMonitorCounters Counters =>
        new(serving.Predictions, serving.Failures, serving.Labels, serving.UnmatchedLabels, serving.ExpiredPredictions);

    /// <summary>The version to score a request with: the champion's, or the canary's choice while one runs; sticky per key.</summary>
    /// <param name="routingKey">A stable key for the caller (a user or entity id).</param>
    /// <returns>The route, to pass back with the prediction.</returns>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="InvalidOperationException">No check has found a champion yet.</exception>
    public ModelRoute Route(ReadOnlySpan<char> routingKey)
    {
        if (routingKey.IsEmpty)
        {
            throw new ArgumentException("The routing key is empty.", nameof(routingKey));
        }

        if (fleet is not null)
        {
            return fleet.Route(routingKey);
        }

        if (canaries.Active is { } active && active.Controller.State == CanaryState.Running)
        {
            RoutingDecision decision = active.Controller.Route(routingKey);
            int version = string.Equals(decision.Version, active.CandidateLabel, StringComparison.Ordinal) ? active.CandidateVersion : active.ChampionVersion;
            return new ModelRoute(version, active, decision);
        }

        Champion current = champions.Current ?? throw new InvalidOperationException($"Model '{options.ModelName}' has no champion yet: the alias '{options.ChampionAlias}' is unset or no check has run.");
        return new ModelRoute(current.Version.Version, null, default);
    }

    /// <summary>Logs a served prediction for the drift check and, with a performance policy, keeps it for its label.</summary>
    /// <param name="requestId">The request's id, which its label will carry.</param>
    /// <param name="route">The route <see cref="Route"/> gave the request.</param>
    /// <param name="features">The feature values served, in <see cref="ModelMonitorOptions.FeatureNames"/> order.</param>
    /// <param name="prediction">The model's output (a score or a value).</param>
    /// <param name="latency">How long scoring took.</param>
    /// <exception cref="ArgumentException">The request id is empty, the route did not come from <see cref="Route"/>, the
    /// feature count differs from the options', a feature or the prediction is not finite (the message names it), or
    /// the latency is negative.</exception>
    public void RecordPrediction(string requestId, in ModelRoute route, ReadOnlySpan<double> features, double prediction, TimeSpan latency)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ValidateRoute(route, latency);
        if (features.Length != featureNames.Length)
        {
            throw new ArgumentException($"{features.Length} feature values were given; the monitor logs {featureNames.Length} ({string.Join(", ", featureNames)}).", nameof(features));
        }

        for (int i = 0; i < features.Length; i++)
        {
            if (!double.IsFinite(features[i]))
            {
                throw new ArgumentException($"Feature '{featureNames[i]}' of request '{requestId}' is {features[i]}; only finite values can be checked for drift.", nameof(features));
            }
        }

        if (!double.IsFinite(prediction))
        {
            throw new ArgumentException($"The prediction of request '{requestId}' is {prediction}.", nameof(prediction));
        }

        bool awaitLabel = options.Performance is not null;
        serving.AddPrediction(requestId, route, features, prediction, latency, awaitLabel);
        fleet?.CountRow(route, features, prediction);
        if (!awaitLabel)
        {
            Observe(route, new CanaryObservation(false, latency, prediction));
        }
    }

    /// <summary>Records a request that failed to score, so the canary's error-rate gate sees it.</summary>
    /// <param name="route">The route <see cref="Route"/> gave the request.</param>
    /// <param name="latency">How long the attempt took.</param>
    /// <exception cref="ArgumentException">The route did not come from <see cref="Route"/> or the latency is negative.</exception>
    public void RecordFailure(in ModelRoute route, TimeSpan latency)
    {
        ValidateRoute(route, latency);
        serving.AddFailure();
        Observe(route, new CanaryObservation(true, latency));
    }

    /// <summary>Joins a delayed label to its logged prediction and scores it.</summary>
    /// <param name="requestId">The request id the prediction was logged with.</param>
    /// <param name="label">The true outcome.</param>
    /// <returns>Whether the label met its prediction.</returns>
    /// <exception cref="InvalidOperationException">The options have no performance policy.</exception>
    /// <exception cref="ArgumentException">The request id is empty, the label is not finite, or the policy's loss of it is
    /// not finite (the prediction then stays pending for a corrected label).</exception>
    public LabelOutcome RecordLabel(string requestId, double label)
    {
        PerformancePolicy policy = options.Performance ?? throw new InvalidOperationException($"Model '{options.ModelName}' is monitored without a performance policy, so labels have no use.");
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        if (!double.IsFinite(label))
        {
            throw new ArgumentException($"The label of request '{requestId}' is {label}.", nameof(label));
        }

        // The loss is computed before the prediction leaves the pending set, so a label the loss refuses loses nothing.
        // Unmatched: no such prediction, or another label for it completed first.
        if (!serving.TryPeek(requestId, out PendingPrediction pending) || !TryComplete(policy, requestId, pending, label))
        {
            reporter.Telemetry?.UnmatchedLabels.Add(1, reporter.ModelTag);
            return LabelOutcome.Unmatched;
        }

        return LabelOutcome.Joined;
    }

    private bool TryComplete(PerformancePolicy policy, string requestId, in PendingPrediction pending, double label)
    {
        double loss = policy.Loss(pending.Prediction, label);
        if (!(Math.Abs(loss) <= ExactMoments.MaximumMagnitude))
        {
            throw new ArgumentException($"The loss of request '{requestId}' (prediction {pending.Prediction}, label {label}) is {loss}, not a finite value within ±{ExactMoments.MaximumMagnitude:G}; the prediction stays pending.", nameof(label));
        }

        if (!serving.TryComplete(requestId, pending, loss))
        {
            return false;
        }

        Observe(pending.Route, new CanaryObservation(false, pending.Latency, pending.Prediction, loss));
        return true;
    }

    /// <summary>An outcome as a canary sees it: to the canary that routed it, and to the traffic meter that sizes the next one.</summary>
    private void Observe(in ModelRoute route, in CanaryObservation observation)
    {
        if (route.Fleet is not null)
        {
            // In a fleet the outcome is counted under the plan revision that routed it, for the coordinator.
            fleet!.Record(route, observation);
            return;
        }

        route.Canary?.Controller.Record(route.Decision, observation);
        traffic.Add(!route.IsCandidate, observation);
    }

    /// <summary>
    /// Registers a trained model as a new version: saves its profile, links it from the lineage, and checks that the
    /// profile covers the monitored features and that the metrics hold the performance baseline. The alias is not moved.
    /// </summary>
    /// <param name="model">The model; its artifact stream is disposed.</param>
    /// <param name="cancellationToken">Cancels the registration.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="ArgumentException">The profile lacks a monitored feature (as a numeric one), or the metrics lack a
    /// finite baseline. Other features in the profile are allowed and left out of the checks.</exception>
    public Task<ModelVersion> RegisterAsync(RetrainedModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return registrar.RegisterAsync(model, model.Metadata?.Lineage?.ParentVersion, cancellationToken);
    }

    /// <summary>
    /// Compiles what the drift check runs before a real check needs it: computes, on the thread pool, the reports the
    /// check would make against the champion's profile for a window of the drift policy's minimum and of
    /// <see cref="ModelMonitorOptions.WindowCapacity"/> rows (drawn from the profile itself, see <see cref="DriftWarmUp"/>)
    /// and discards them. Nothing the monitor keeps changes: no event, metric, episode or window. The hosted service
    /// calls it after the first check that finds a champion, and again when the champion changes, when
    /// <see cref="ModelMonitorOptions.PrepareChecks"/> is set.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the work (it then finishes on the thread pool, unobserved).</param>
    /// <returns>True when a champion with a usable profile was found by an earlier check and its reports were computed;
    /// false when there is none yet (no check has run, the alias is unset, or its profile is unusable), and always in a
    /// fleet, whose coordinator judges merged bins, a path with little to compile.</returns>
    /// <remarks>Safe to call while checks run. A new champion's profile can lead to other tests (another reference size,
    /// an exact sample instead of a sketch), so a champion change is prepared again.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> PrepareAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (fleet is not null || champions.Current is not { Profile: { } profile } champion)
        {
            return false;
        }

        int width = featureNames.Length + 1;
        string? prediction = champion.WithPrediction ? options.PredictionName : null;
        int[] sizes = [.. new[] { driftCheck.MinimumRows, options.WindowCapacity }.Distinct()];
        await Task.Run(() =>
        {
            foreach (int rows in sizes)
            {
                // The window's own conversion too, at full size: its copy loop would otherwise be compiled mid-loop in
                // the first real check.
                _ = VersionWindow.ToDataset(new double[width * rows], featureNames, prediction);
                DriftWarmUp.Run(profile, rows, options.Drift.Report);
            }

            if (options.Performance is { } policy)
            {
                _ = NormalDistribution.Quantile(1 - policy.Alpha);
            }
        }, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs one check: the canary's step, the champion, drift, performance and, past the policy, retraining.</summary>
    /// <param name="cancellationToken">Cancels waiting for a running check and the calls it makes.</param>
    /// <returns>What the check found and did.</returns>
    /// <remarks>Checks run one at a time; a second call waits for the first. A failing retraining (the hook, registering
    /// its model, starting its canary) is reported in the check, not thrown. Errors of the registry, and of the profile
    /// store other than those it uses to say a profile is unusable (see <see cref="IReferenceProfileStore.LoadAsync"/>),
    /// propagate.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The monitor has been disposed.</exception>
    public async Task<MonitoringCheck> CheckAsync(CancellationToken cancellationToken = default)
    {
        await checks.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long started = time.GetTimestamp();
            var run = new CheckRun(time.GetUtcNow());
            if (fleet is not null)
            {
                return Finish(await FleetCheckAsync(run, cancellationToken).ConfigureAwait(false), started);
            }

            traffic.Advance(run.At);
            CanaryOutcome? outcome = canaries.Active is { } active ? await canaries.EvaluateAsync(active, run, cancellationToken).ConfigureAwait(false) : null;
            Champion? current = await ResolveAfterAsync(outcome, run, cancellationToken).ConfigureAwait(false);

            DriftReport? drift = null;
            DriftDataset? dataset = null;
            PerformanceSnapshot? performance = null;
            if (current is null)
            {
                run.Worsen(MonitoringHealth.Unhealthy, $"the alias '{options.ChampionAlias}' of model '{options.ModelName}' names no version");
            }
            else
            {
                dataset = current.Profile is null ? null : CurrentWindow(current);
                drift = driftCheck.Run(current, dataset, run);
                performance = performanceCheck?.Run(current, CurrentLosses(current), run);
                await retraining.RunIfNeededAsync(current, drift, performance, run, cancellationToken).ConfigureAwait(false);
                serving.Retain(current.Version.Version, canaries.Active?.CandidateVersion);
            }

            if (canaries.Active is { } running)
            {
                run.Reasons.Add(string.Create(CultureInfo.InvariantCulture, $"canary {running.Controller.Name}: version {running.CandidateVersion} at {running.Controller.CandidatePercentage}% (step {running.Controller.StepIndex})"));
            }

            return Finish(new MonitoringCheck(run.At, run.Health, run.Reasons, current?.Version.Version, canaries.Active?.CandidateVersion, drift, performance, run.Events, drift is null ? null : current!.Profile, dataset), started);
        }
        finally
        {
            checks.Release();
        }
    }

    /// <summary>A check in a fleet: flush, then coordinate when this process leads (see <see cref="FleetMonitorLoop"/>).</summary>
    private async Task<MonitoringCheck> FleetCheckAsync(CheckRun run, CancellationToken cancellationToken)
    {
        (Champion? current, DriftReport? drift, PerformanceSnapshot? performance) = await fleet!.CheckAsync(run, cancellationToken).ConfigureAwait(false);
        if (fleet.Plan is { } plan)
        {
            serving.Retain(plan.Champion, plan.Candidate);
        }

        return new MonitoringCheck(run.At, run.Health, run.Reasons, fleet.Plan?.Champion ?? current?.Version.Version, fleet.Plan?.Candidate, drift, performance, run.Events, drift is null ? null : current!.Profile, Current: null);
    }

    private MonitoringCheck Finish(MonitoringCheck result, long started)
    {
        lastCheck = result;
        double seconds = time.GetElapsedTime(started).TotalSeconds;
        reporter.Telemetry?.Checks.Add(1, reporter.ModelTag, new KeyValuePair<string, object?>(TelemetryTags.Health, result.Health.ToString()));
        reporter.Telemetry?.CheckDuration.Record(seconds, reporter.ModelTag);
        MonitoringLog.CheckFinished(reporter.Logger, options.ModelName, result.Health, seconds);
        CheckCompleted?.Invoke(this, result);
        return result;
    }

    /// <summary>
    /// Acts on a decision about the running canary at once, whatever its gates say short of a failure: the answer to
    /// <see cref="MonitoringEventKind.CanaryAwaitingDecision"/>, or an operator's call at any time. A promotion moves the
    /// alias and loads the new champion before this returns; a rollback starts the retraining cooldown. In a fleet the
    /// leading coordinator writes the decision as a plan revision every host routes by (an extension keeps the step and
    /// its evidence); other processes refuse.
    /// </summary>
    /// <param name="decision">Advance (or promote after the last step), roll back, or extend the step's maximum duration from now.</param>
    /// <param name="cancellationToken">Cancels waiting for a running check and the calls the decision makes.</param>
    /// <returns>The canary's evaluation; its events are logged and counted like a check's.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decision"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">No canary runs; in a fleet also when this process does not coordinate
    /// or does not lead now.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CanaryEvaluation> DecideCanaryAsync(CanaryDecision decision, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(decision))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown canary decision.");
        }

        await checks.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (fleet is not null)
            {
                // The leading coordinator writes the decision as a plan revision; its events are logged and counted.
                return await fleet.DecideAsync(decision, new CheckRun(time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }

            ActiveCanary active = canaries.Active ?? throw new InvalidOperationException($"Model '{options.ModelName}' has no running canary to decide on.");
            var run = new CheckRun(time.GetUtcNow());
            CanaryOutcome outcome = await canaries.DecideAsync(active, decision, run, cancellationToken).ConfigureAwait(false);
            _ = await ResolveAfterAsync(outcome, run, cancellationToken).ConfigureAwait(false);
            return outcome.Evaluation;
        }
        finally
        {
            checks.Release();
        }
    }

    /// <summary>Releases the check lock and the running canary's; call it after the last check has finished.</summary>
    public void Dispose()
    {
        checks.Dispose();
        canaries.Dispose();
    }

    /// <summary>Starts the cooldown after a rollback, resolves the champion, and ends a promoted canary once the new one is in place.</summary>
    private async Task<Champion?> ResolveAfterAsync(CanaryOutcome? outcome, CheckRun run, CancellationToken cancellationToken)
    {
        if (outcome is { RolledBack: true })
        {
            retraining.CoolDown(run.At);
        }

        int? before = champions.Current?.Version.Version;
        Champion? current = await champions.ResolveAsync(run, cancellationToken).ConfigureAwait(false);
        if (before is not null && current?.Version.Version != before)
        {
            // The traffic measured so far was the old champion's: the next canary is sized from the new one's.
            traffic.Restart(run.At);
        }

        if (outcome?.Promoted is { } promoted)
        {
            // The promoted canary routed everything to the candidate until the new champion was in place.
            canaries.End(promoted);
        }

        return current;
    }

    /// <summary>The champion's recent rows as a dataset; null until the drift policy's minimum has been served.</summary>
    private DriftDataset? CurrentWindow(Champion current) =>
        serving.Read(current.Version.Version, w => w.CopyRows(driftCheck.MinimumRows)) is { } rows
            ? VersionWindow.ToDataset(rows, featureNames, current.WithPrediction ? options.PredictionName : null)
            : null;

    private LossSummary CurrentLosses(Champion current) => serving.Read(current.Version.Version, w =>
    {
        (double mean, double variance) = w.LossMoments();
        return new LossSummary(w.LossCount, mean, variance);
    });

    private static void ValidateRoute(in ModelRoute route, TimeSpan latency)
    {
        if (route.Version <= 0)
        {
            throw new ArgumentException("The route did not come from ModelMonitor.Route.", nameof(route));
        }

        if (latency < TimeSpan.Zero)
        {
            throw new ArgumentException($"The latency {latency} is negative.", nameof(latency));
        }
    }
}
