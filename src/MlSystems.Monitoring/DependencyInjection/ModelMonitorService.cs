using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlSystems.Monitoring;

/// <summary>Runs the monitor's checks at start and then every <see cref="ModelMonitorOptions.CheckInterval"/> of the
/// registered <see cref="TimeProvider"/>; a failed check (a timeout included) is logged and the schedule goes on, and
/// the health check reports the monitor stale once no check has completed for two intervals.</summary>
internal sealed class ModelMonitorService(ModelMonitor monitor, TimeProvider time, ILogger<ModelMonitorService>? logger = null) : BackgroundService
{
    private readonly ILogger log = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Prepares the checks for the champion now known; a failure is logged and not retried for that champion,
    /// since preparing only saves time and the real check will report whatever made it fail.</summary>
    /// <returns>Whether preparation is over for this champion (done or failed), so it is not tried again.</returns>
    private async Task<bool> PrepareAsync(CancellationToken stoppingToken)
    {
        long start = time.GetTimestamp();
        try
        {
            if (!await monitor.PrepareAsync(stoppingToken).ConfigureAwait(false))
            {
                return false;
            }

            TimeSpan elapsed = time.GetElapsedTime(start);
            MonitoringLog.ChecksPrepared(log, monitor.ModelName, elapsed.TotalMilliseconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            MonitoringLog.PreparationFailed(log, exception, monitor.ModelName);
        }

        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(monitor.CheckInterval, time);
        bool prepare = monitor.Options.PrepareChecks && !monitor.InFleet;
        int? prepared = null;
        do
        {
            try
            {
                await monitor.CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                MonitoringLog.CheckFailed(log, exception, monitor.ModelName);
            }

            if (prepare && monitor.ChampionVersion is int champion && champion != prepared && await PrepareAsync(stoppingToken).ConfigureAwait(false))
            {
                prepared = champion;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
