using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlSystems.Monitoring;

/// <summary>Reports the monitor's last verdict: Healthy, Degraded or Unhealthy with its reasons and numbers; a verdict
/// older than two check intervals is stale (checks are failing or not running) and reported as a failure.</summary>
internal sealed class ModelMonitorHealthCheck(ModelMonitor monitor, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (monitor.LastCheck is not { } check)
        {
            return Task.FromResult(new HealthCheckResult(HealthStatus.Degraded, $"Model '{monitor.ModelName}' has not been checked yet."));
        }

        DateTimeOffset now = time.GetUtcNow();
        if (now - check.At > 2 * monitor.CheckInterval)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"Model '{monitor.ModelName}' has not been checked since {check.At:u}; checks are failing or not running."));
        }

        var data = new Dictionary<string, object>
        {
            ["checkedAt"] = check.At.ToString("O", CultureInfo.InvariantCulture),
        };
        if (check.ChampionVersion is int champion)
        {
            data["champion"] = champion;
        }

        if (check.CandidateVersion is int candidate)
        {
            data["candidate"] = candidate;
        }

        if (check.Drift is { } drift)
        {
            data["driftedShare"] = drift.DriftedShare;
        }

        if (check.Performance is { Labels: > 0 } performance)
        {
            data["meanLoss"] = performance.MeanLoss;
            data["labels"] = performance.Labels;
        }

        HealthStatus status = check.Health switch
        {
            MonitoringHealth.Healthy => HealthStatus.Healthy,
            MonitoringHealth.Degraded => HealthStatus.Degraded,
            _ => context.Registration.FailureStatus,
        };
        string description = check.Reasons.Count == 0
            ? $"Model '{monitor.ModelName}' v{check.ChampionVersion} is healthy."
            : string.Join("; ", check.Reasons);
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }
}
