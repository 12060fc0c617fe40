using System.Globalization;
using MlSystems.Drift;

namespace MlSystems.Monitoring;

/// <summary>
/// Decides when a check retrains and runs it: on decay at once, on drift after the policy's delay; never while a canary
/// runs or within the cooldown after a failed retraining or a rolled-back canary. A retraining calls the host's hook,
/// registers its model and starts its canary, sized for the measured traffic; a failure of any of the three is reported
/// in the check, not thrown. When no canary could decide at the measured traffic, the hook is not called at all: the
/// check says why and what would work, and the cooldown applies.
/// </summary>
/// <remarks>Not thread-safe: called by one check at a time.</remarks>
internal sealed class RetrainingScheduler(ModelMonitorOptions options, IRetrainingHook? hook, CandidateRegistrar registrar, ICanaryStarter canaries, TrafficMeter traffic, LoopReporter reporter)
{
    private DateTimeOffset allowedAt = DateTimeOffset.MinValue;
    private string? lastFailure;

    /// <summary>Holds retraining off for the cooldown from <paramref name="at"/>.</summary>
    public void CoolDown(DateTimeOffset at) => allowedAt = at + options.RetrainCooldown;

    /// <summary>Retrains from <paramref name="champion"/> if the check's findings call for it.</summary>
    public async Task RunIfNeededAsync(Champion champion, DriftReport? drift, PerformanceSnapshot? performance, CheckRun run, CancellationToken cancellationToken)
    {
        RetrainingReason? reason = performance is { Decayed: true } ? RetrainingReason.Decay
            : drift is { DatasetDrifted: true } && options.Drift.RetrainOnDrift && run.At - champion.DriftSince >= options.Drift.RetrainAfter ? RetrainingReason.Drift
            : null;
        if (reason is null || hook is null || canaries.Running)
        {
            return;
        }

        if (run.At < allowedAt)
        {
            if (lastFailure is not null)
            {
                run.Worsen(MonitoringHealth.Unhealthy, $"retraining failed and retries after {allowedAt:u}: {lastFailure}");
            }

            return;
        }

        int parent = champion.Version.Version;
        if (UnfitPlan(parent, run) is string unfit)
        {
            // Retraining for a canary that could not decide would only pile up versions nobody can ship.
            lastFailure = $"retraining waits: no canary could decide at the measured traffic: {unfit}";
            CoolDown(run.At);
            reporter.Report(run, MonitoringEventKind.RetrainingFailed, parent, lastFailure);
            run.Worsen(MonitoringHealth.Unhealthy, lastFailure);
            return;
        }

        string detail = reason == RetrainingReason.Decay
            ? string.Create(CultureInfo.InvariantCulture, $"loss {performance!.MeanLoss:G4} against a baseline of {performance.Baseline:G4}")
            : string.Create(CultureInfo.InvariantCulture, $"{drift!.DriftedFeatureCount} of {drift.Features.Count} features drifted since {champion.DriftSince:u}");
        reporter.Report(run, MonitoringEventKind.RetrainingStarted, parent, $"{reason}: {detail}");
        Registry.ModelVersion? registered = null;
        try
        {
            RetrainedModel model = await hook.RetrainAsync(new RetrainingRequest(options.ModelName, champion.Version, reason.Value, detail, run.At, drift, performance), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The retraining hook returned null.");
            registered = await registrar.RegisterAsync(model, parent, cancellationToken).ConfigureAwait(false);
            reporter.Report(run, MonitoringEventKind.CandidateRegistered, registered.Version, $"version {registered.Version} registered with parent {parent}, profile {registered.Metadata.Lineage?.ReferenceProfile}");
            await canaries.StartAsync(parent, registered.Version, traffic.Measure(run.At), run, cancellationToken).ConfigureAwait(false);
            lastFailure = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MonitoringLog.RetrainingFailed(reporter.Logger, exception, options.ModelName, parent);
            lastFailure = registered is null ? exception.Message : $"version {registered.Version} was registered but its canary could not start: {exception.Message}";
            CoolDown(run.At);
            reporter.Report(run, MonitoringEventKind.RetrainingFailed, registered?.Version ?? parent, lastFailure);
            run.Worsen(MonitoringHealth.Unhealthy, "retraining failed: " + lastFailure);
        }
    }

    /// <summary>Why a canary fitted to the measured traffic could not start, or null when it could (or nothing is measured yet).</summary>
    private string? UnfitPlan(int parent, CheckRun run)
    {
        if (!options.FitCanaryToTraffic || traffic.Measure(run.At) is not { } measured)
        {
            return null;
        }

        try
        {
            _ = options.CreateCanaryPlan(parent, parent + 1, measured);
            return null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }
}
