using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlSystems.Monitoring;

/// <summary>Runs the monitor's checks at start and then every <see cref="ModelMonitorOptions.CheckInterval"/> of the
/// registered <see cref="TimeProvider"/>; a failed check is logged and the schedule goes on.</summary>
internal sealed class ModelMonitorService(ModelMonitor monitor, TimeProvider time, ILogger<ModelMonitorService>? logger = null) : BackgroundService
{
    private readonly ILogger log = logger ?? (ILogger)NullLogger.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(monitor.Options.CheckInterval, time);
        do
        {
            try
            {
                await monitor.CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                MonitoringLog.CheckFailed(log, exception, monitor.Options.ModelName);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
