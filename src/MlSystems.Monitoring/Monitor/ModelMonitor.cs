using MlSystems.Statistics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlSystems.Drift;
using MlSystems.Registry;
using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>
/// Closes the loop for one registered model: routes requests to the champion (or through a running canary), logs what
/// was served, joins delayed labels, and on every <see cref="CheckAsync"/> checks the champion's recent traffic against
/// its reference profile and its loss against its baseline; when drift or decay crosses the policy it calls the host's
/// retraining hook, registers the new version with its lineage and starts a canary, whose outcome promotes the version
/// (the alias moves) or rolls it back.
/// </summary>
/// <remarks>
/// <see cref="Route"/>, <see cref="RecordPrediction"/>, <see cref="RecordFailure"/> and <see cref="RecordLabel"/> are
/// thread-safe and run concurrently with a check; checks serialise. Until the first check has found the champion,
/// <see cref="Route"/> throws. Time comes from the <see cref="TimeProvider"/>; the hosted service registered by
/// <c>AddModelMonitoring</c> runs the checks on <see cref="ModelMonitorOptions.CheckInterval"/>.
/// </remarks>
public sealed class ModelMonitor : IDisposable
{
    private readonly ModelMonitorOptions options;
    private readonly string[] featureNames;
    private readonly IModelRegistry registry;
    private readonly IReferenceProfileStore profiles;
    private readonly IRetrainingHook? retraining;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ILoggerFactory? loggerFactory;
    private readonly MonitoringTelemetry? telemetry;
    private readonly KeyValuePair<string, object?> modelTag;
    private readonly ServingLog serving;
    private readonly SemaphoreSlim checks = new(1, 1);
    private volatile Champion? champion;
    private volatile ActiveCanary? canary;
    private volatile MonitoringCheck? lastCheck;
    private DateTimeOffset retrainAllowedAt = DateTimeOffset.MinValue;
    private string? lastRetrainingFailure;

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

    internal ModelMonitor(ModelMonitorOptions options, IModelRegistry registry, IReferenceProfileStore profiles, IRetrainingHook? retraining, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, MonitoringTelemetry? telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(profiles);
        options.Validate();
        this.options = options = options.Snapshot();
        featureNames = [.. options.FeatureNames];
        this.registry = registry;
        this.profiles = profiles;
        this.retraining = retraining;
        time = timeProvider ?? TimeProvider.System;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory?.CreateLogger<ModelMonitor>() ?? NullLogger<ModelMonitor>.Instance;
        this.telemetry = telemetry;
        modelTag = new KeyValuePair<string, object?>(TelemetryTags.Model, options.ModelName);
        serving = new ServingLog(featureNames.Length, options.WindowCapacity, options.Performance?.WindowSize ?? 0, options.PendingLabelCapacity);
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

    /// <summary>How often the hosted service checks; the options' <see cref="ModelMonitorOptions.CheckInterval"/>.</summary>
    public TimeSpan CheckInterval => options.CheckInterval;

    /// <summary>The version the alias named at the last check; null before the first check or while the alias is unset.</summary>
    public int? ChampionVersion => champion?.Version.Version;

    /// <summary>The candidate of the running canary; null when none runs.</summary>
    public int? CandidateVersion => canary?.CandidateVersion;

    /// <summary>The running canary; null when none runs.</summary>
    public CanaryController? Canary => canary?.Controller;

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

        if (canary is { } active && active.Controller.State == CanaryState.Running)
        {
            RoutingDecision decision = active.Controller.Route(routingKey);
            int version = string.Equals(decision.Version, active.CandidateLabel, StringComparison.Ordinal) ? active.CandidateVersion : active.ChampionVersion;
            return new ModelRoute(version, active, decision);
        }

        Champion current = champion ?? throw new InvalidOperationException($"Model '{options.ModelName}' has no champion yet: the alias '{options.ChampionAlias}' is unset or no check has run.");
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
        if (!awaitLabel && route.Canary is { } routed)
        {
            routed.Controller.Record(route.Decision, new CanaryObservation(false, latency, prediction));
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
        route.Canary?.Controller.Record(route.Decision, new CanaryObservation(true, latency));
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
            telemetry?.UnmatchedLabels.Add(1, modelTag);
            return LabelOutcome.Unmatched;
        }

        return LabelOutcome.Joined;
    }

    private bool TryComplete(PerformancePolicy policy, string requestId, in PendingPrediction pending, double label)
    {
        double loss = policy.Loss(pending.Prediction, label);
        if (!double.IsFinite(loss))
        {
            throw new ArgumentException($"The loss of request '{requestId}' (prediction {pending.Prediction}, label {label}) is {loss}; the prediction stays pending.", nameof(label));
        }

        if (!serving.TryComplete(requestId, pending, loss))
        {
            return false;
        }

        pending.Route.Canary?.Controller.Record(pending.Route.Decision, new CanaryObservation(false, pending.Latency, pending.Prediction, loss));
        return true;
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
        return RegisterAsync(model, model.Metadata?.Lineage?.ParentVersion, cancellationToken);
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
            ActiveCanary? promoted = null;
            if (canary is { } active)
            {
                promoted = await EvaluateCanaryAsync(active, run, cancellationToken).ConfigureAwait(false);
            }

            Champion? current = await ResolveChampionAsync(run, cancellationToken).ConfigureAwait(false);
            if (promoted is not null)
            {
                // The promoted canary routed everything to the candidate until the new champion was in place.
                EndCanary(promoted);
            }

            DriftReport? drift = null;
            DriftDataset? dataset = null;
            PerformanceSnapshot? performance = null;
            if (current is null)
            {
                run.Worsen(MonitoringHealth.Unhealthy, $"the alias '{options.ChampionAlias}' of model '{options.ModelName}' names no version");
            }
            else
            {
                (drift, dataset) = CheckDrift(current, run);
                performance = CheckPerformance(current, run);
                await RetrainIfNeededAsync(current, drift, performance, run, cancellationToken).ConfigureAwait(false);
                serving.Retain(current.Version.Version, canary?.CandidateVersion);
            }

            if (canary is { } running)
            {
                run.Reasons.Add(string.Create(CultureInfo.InvariantCulture, $"canary {running.Controller.Name}: version {running.CandidateVersion} at {running.Controller.CandidatePercentage}% (step {running.Controller.StepIndex})"));
            }

            var result = new MonitoringCheck(run.At, run.Health, run.Reasons, current?.Version.Version, canary?.CandidateVersion, drift, performance, run.Events, drift is null ? null : current!.Profile, dataset);
            lastCheck = result;
            double seconds = time.GetElapsedTime(started).TotalSeconds;
            telemetry?.Checks.Add(1, modelTag, new KeyValuePair<string, object?>(TelemetryTags.Health, result.Health.ToString()));
            telemetry?.CheckDuration.Record(seconds, modelTag);
            MonitoringLog.CheckFinished(logger, options.ModelName, result.Health, seconds);
            CheckCompleted?.Invoke(this, result);
            return result;
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
        canary?.Controller.Dispose();
    }

    /// <summary>Runs the canary's evaluation; returns the canary when it was promoted, to be ended once the champion is reloaded.</summary>
    private async Task<ActiveCanary?> EvaluateCanaryAsync(ActiveCanary active, CheckRun run, CancellationToken cancellationToken)
    {
        CanaryEvaluation evaluation = await active.Controller.EvaluateAsync(cancellationToken).ConfigureAwait(false);
        switch (evaluation.Action)
        {
            case CanaryAction.Advance:
                Report(run, MonitoringEventKind.CanaryAdvanced, active.CandidateVersion, string.Create(CultureInfo.InvariantCulture, $"{evaluation.CandidatePercentage}% of traffic to version {active.CandidateVersion}: {evaluation.Reason}"));
                break;
            case CanaryAction.Promote:
                Report(run, MonitoringEventKind.CanaryPromoted, active.CandidateVersion, $"version {active.CandidateVersion} replaces version {active.ChampionVersion}: {evaluation.Reason}");
                return active;
            case CanaryAction.RollBack:
                Report(run, MonitoringEventKind.CanaryRolledBack, active.CandidateVersion, $"version {active.ChampionVersion} keeps serving: {evaluation.Reason}");
                retrainAllowedAt = run.At + options.RetrainCooldown;
                EndCanary(active);
                break;
            case CanaryAction.None:
                EndCanary(active);
                break;
        }

        return null;
    }

    private void EndCanary(ActiveCanary active)
    {
        canary = null;
        active.Controller.Dispose();
    }

    private async Task<Champion?> ResolveChampionAsync(CheckRun run, CancellationToken cancellationToken)
    {
        ModelVersion? version = await registry.GetByAliasAsync(options.ModelName, options.ChampionAlias, cancellationToken).ConfigureAwait(false);
        Champion? previous = champion;
        if (version is null)
        {
            champion = null;
            return null;
        }

        if (previous is not null && previous.Version.Version == version.Version && previous.Error is null)
        {
            return previous;
        }

        Champion loaded = await LoadChampionAsync(version, cancellationToken).ConfigureAwait(false);
        champion = loaded;
        if (previous is not null && previous.Version.Version != version.Version)
        {
            Report(run, MonitoringEventKind.ChampionChanged, version.Version, $"the alias '{options.ChampionAlias}' moved from version {previous.Version.Version} to {version.Version}");
        }

        return loaded;
    }

    private async Task<Champion> LoadChampionAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        double? baseline = options.Performance is { } policy && version.Metadata.Metrics.TryGetValue(policy.MetricName, out double value) && double.IsFinite(value) ? value : null;
        string? link = version.Metadata.Lineage?.ReferenceProfile;
        if (link is null)
        {
            return Unavailable(version, baseline, $"version {version.Version} has no reference profile in its lineage");
        }

        try
        {
            ReferenceProfile profile = await profiles.LoadAsync(link, cancellationToken).ConfigureAwait(false);
            CheckCoverage(profile);
            bool withPrediction = profile.Find(options.PredictionName) is { Kind: FeatureKind.Numeric };

            // Only what is logged is compared: other features the profile describes are left out.
            ReferenceProfile checkedProfile = profile.Select(withPrediction ? [.. featureNames, options.PredictionName] : featureNames);
            return new Champion(version, checkedProfile, withPrediction, baseline, error: null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Unavailable(version, baseline, $"the reference profile '{link}' of version {version.Version} is unusable: {exception.Message}");
        }
    }

    private Champion Unavailable(ModelVersion version, double? baseline, string error)
    {
        MonitoringLog.ProfileUnavailable(logger, options.ModelName, version.Version, error);
        return new Champion(version, profile: null, withPrediction: false, baseline, error);
    }

    private void CheckCoverage(ReferenceProfile profile)
    {
        foreach (string name in featureNames)
        {
            if (profile.Find(name) is not { Kind: FeatureKind.Numeric })
            {
                throw new ArgumentException($"The reference profile has no numeric feature '{name}', which the monitor logs.", nameof(profile));
            }
        }
    }

    private (DriftReport? Report, DriftDataset? Current) CheckDrift(Champion current, CheckRun run)
    {
        if (current.Profile is null)
        {
            run.Worsen(MonitoringHealth.Unhealthy, current.Error!);
            return (null, null);
        }

        int version = current.Version.Version;
        int minimumRows = options.Drift.MinimumRows;
        if (serving.Read(version, w => w.CopyRows(minimumRows)) is not { } rows)
        {
            return (null, null);
        }

        DriftDataset dataset = VersionWindow.ToDataset(rows, featureNames, current.WithPrediction ? options.PredictionName : null);
        DriftReport report = DriftReport.Compute(current.Profile, dataset, options.Drift.Report);
        if (!report.DatasetDrifted)
        {
            current.DriftSince = null;
            return (report, dataset);
        }

        string detail = string.Create(CultureInfo.InvariantCulture, $"{report.DriftedFeatureCount} of {report.Features.Count} features drifted over {report.CurrentRowCount} rows: ")
            + string.Join(", ", report.Features.Where(f => f.Drifted).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} ({f.Result.TestName} {f.Result.Statistic:G3})")));
        run.Worsen(MonitoringHealth.Degraded, "drift: " + detail);
        if (current.DriftSince is null)
        {
            current.DriftSince = run.At;
            Report(run, MonitoringEventKind.DriftDetected, version, detail);
        }

        return (report, dataset);
    }

    private PerformanceSnapshot? CheckPerformance(Champion current, CheckRun run)
    {
        if (options.Performance is not { } policy)
        {
            return null;
        }

        int version = current.Version.Version;
        (int labels, double mean, double variance) = serving.Read(version, w =>
        {
            (double m, double v) = w.LossMoments();
            return (w.LossCount, m, v);
        });
        double lower = labels > 1 ? mean - (NormalDistribution.Quantile(1 - policy.Alpha) * Math.Sqrt(variance / labels)) : double.NaN;
        if (current.Baseline is not double baseline)
        {
            run.Worsen(MonitoringHealth.Degraded, $"version {version} has no finite '{policy.MetricName}' metric to compare its loss with");
            return new PerformanceSnapshot(version, labels, mean, lower, null, false);
        }

        double line = baseline + policy.MaximumIncrease;
        bool decayed = labels >= policy.MinimumLabels && lower > line;
        string detail = string.Create(CultureInfo.InvariantCulture, $"mean loss {mean:G4} (lower bound {lower:G4}) over {labels} labels against a baseline of {baseline:G4} + {policy.MaximumIncrease:G4}");
        if (decayed)
        {
            run.Worsen(MonitoringHealth.Unhealthy, "decay: " + detail);
            if (!current.DecayReported)
            {
                current.DecayReported = true;
                Report(run, MonitoringEventKind.PerformanceDecayed, version, detail);
            }
        }
        else
        {
            current.DecayReported = false;
            if (labels >= policy.MinimumLabels && mean > line)
            {
                run.Worsen(MonitoringHealth.Degraded, "loss above tolerance, not yet significantly: " + detail);
            }
        }

        return new PerformanceSnapshot(version, labels, mean, lower, baseline, decayed);
    }

    private async Task RetrainIfNeededAsync(Champion current, DriftReport? drift, PerformanceSnapshot? performance, CheckRun run, CancellationToken cancellationToken)
    {
        RetrainingReason? reason = performance is { Decayed: true } ? RetrainingReason.Decay
            : drift is { DatasetDrifted: true } && options.Drift.RetrainOnDrift && run.At - current.DriftSince >= options.Drift.RetrainAfter ? RetrainingReason.Drift
            : null;
        if (reason is null || retraining is null || canary is not null)
        {
            return;
        }

        if (run.At < retrainAllowedAt)
        {
            if (lastRetrainingFailure is not null)
            {
                run.Worsen(MonitoringHealth.Unhealthy, $"retraining failed and retries after {retrainAllowedAt:u}: {lastRetrainingFailure}");
            }

            return;
        }

        int parent = current.Version.Version;
        string detail = reason == RetrainingReason.Decay
            ? string.Create(CultureInfo.InvariantCulture, $"loss {performance!.MeanLoss:G4} against a baseline of {performance.Baseline:G4}")
            : string.Create(CultureInfo.InvariantCulture, $"{drift!.DriftedFeatureCount} of {drift.Features.Count} features drifted since {current.DriftSince:u}");
        Report(run, MonitoringEventKind.RetrainingStarted, parent, $"{reason}: {detail}");
        ModelVersion? registered = null;
        try
        {
            RetrainedModel model = await retraining.RetrainAsync(new RetrainingRequest(options.ModelName, current.Version, reason.Value, detail, run.At, drift, performance), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The retraining hook returned null.");
            registered = await RegisterAsync(model, parent, cancellationToken).ConfigureAwait(false);
            Report(run, MonitoringEventKind.CandidateRegistered, registered.Version, $"version {registered.Version} registered with parent {parent}, profile {registered.Metadata.Lineage?.ReferenceProfile}");
            StartCanary(parent, registered.Version, run);
            lastRetrainingFailure = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MonitoringLog.RetrainingFailed(logger, exception, options.ModelName, parent);
            lastRetrainingFailure = registered is null ? exception.Message : $"version {registered.Version} was registered but its canary could not start: {exception.Message}";
            retrainAllowedAt = run.At + options.RetrainCooldown;
            Report(run, MonitoringEventKind.RetrainingFailed, registered?.Version ?? parent, lastRetrainingFailure);
            run.Worsen(MonitoringHealth.Unhealthy, "retraining failed: " + lastRetrainingFailure);
        }
    }

    private void StartCanary(int championVersion, int candidateVersion, CheckRun run)
    {
        CanaryOptions plan = options.CreateCanaryPlan(championVersion, candidateVersion);
        var controller = new CanaryController(plan, new RegistryCanaryPromoter(registry, options.ModelName, options.ChampionAlias), time, loggerFactory?.CreateLogger<CanaryController>());
        canary = new ActiveCanary(controller, championVersion, candidateVersion);
        Report(run, MonitoringEventKind.CanaryStarted, candidateVersion, string.Create(CultureInfo.InvariantCulture, $"canary {plan.Name}: {controller.CandidatePercentage}% of traffic to version {candidateVersion}, {plan.Steps.Count} steps, gates {string.Join(", ", plan.Gates.Select(g => g.Name))}"));
    }

    private async Task<ModelVersion> RegisterAsync(RetrainedModel model, int? parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model.Artifact, nameof(model));
        ArgumentNullException.ThrowIfNull(model.Profile, nameof(model));
        await using (model.Artifact.ConfigureAwait(false))
        {
            CheckCoverage(model.Profile);
            ModelVersionMetadata metadata = model.Metadata ?? new ModelVersionMetadata();
            if (options.Performance is { } policy && !(metadata.Metrics.TryGetValue(policy.MetricName, out double baseline) && double.IsFinite(baseline)))
            {
                throw new ArgumentException($"The model's metrics have no finite '{policy.MetricName}', which the performance policy needs as the version's baseline.", nameof(model));
            }

            string link = await profiles.SaveAsync(options.ModelName, model.Profile, cancellationToken).ConfigureAwait(false);
            ModelLineage lineage = (metadata.Lineage ?? new ModelLineage()) with { ReferenceProfile = link, ParentVersion = parent };
            return await registry.RegisterAsync(options.ModelName, model.Artifact, metadata with { Lineage = lineage }, cancellationToken).ConfigureAwait(false);
        }
    }

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

    private void Report(CheckRun run, MonitoringEventKind kind, int version, string detail)
    {
        run.Events.Add(new MonitoringEvent(kind, version, detail));
        telemetry?.Events.Add(1, modelTag, new KeyValuePair<string, object?>(TelemetryTags.Kind, kind.ToString()));
        MonitoringLog.LoopEvent(logger, options.ModelName, version, kind, detail);
    }
}
