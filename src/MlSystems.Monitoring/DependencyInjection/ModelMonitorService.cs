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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(monitor.CheckInterval, time);
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
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
