using MlSystems.Monitoring;
using MlSystems.Samples.FraudLoop;

namespace MlSystems.Samples.Tests;

/// <summary>
/// The sample's fleet mode (<c>--hosts 3</c>): three serving processes and a coordinator on one PostgreSQL server, four
/// simulated days. The loop must still answer the covariate shift and the concept shift with promoted retrains, with
/// each host serving its third of the traffic and the canary's share the same on every host.
/// </summary>
public sealed class FleetLoopSampleTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"mlsystems-fleet-sample-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Three_serving_processes_and_a_coordinator_answer_both_shifts_with_promoted_retrains()
    {
        string connectionString = MlSystems.Tests.PostgresServer.Require();
        var options = new FraudLoopOptions { OutputDirectory = directory };
        using var output = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        FraudLoopResult result = await new FleetLoopSimulation(options, 3, connectionString, output).RunAsync(bound.Token);
        string text = output.ToString();

        TimelineEntry drift = result.Timeline.First(e => e.Kind == MonitoringEventKind.DriftDetected);
        Assert.InRange(drift.Hour, options.HolidayStartsAt + 1, options.HolidayStartsAt + 2);
        Assert.Contains(result.Timeline, e => e.Kind == MonitoringEventKind.CanaryPromoted && e.Hour <= options.FraudRingStartsAt);
        TimelineEntry decay = result.Timeline.First(e => e.Kind == MonitoringEventKind.PerformanceDecayed);
        Assert.True(decay.Hour > options.FraudRingStartsAt);
        Assert.Contains(result.Timeline, e => e.Kind == MonitoringEventKind.CanaryPromoted && e.Hour > decay.Hour);
        Assert.Equal(result.Timeline.Last(e => e.Kind == MonitoringEventKind.CanaryPromoted).Version, result.Champion);
        Assert.Contains("Drift", result.Timeline.First(e => e.Kind == MonitoringEventKind.RetrainingStarted).Text, StringComparison.Ordinal);

        // One coordinator for the fleet: every retraining is answered by one registered version, not one per host.
        Assert.Equal(result.Timeline.Count(e => e.Kind == MonitoringEventKind.RetrainingStarted), result.Versions.Count - 1);

        // Each host serves a third of each hour's 6,000 transactions.
        string hosts = text.Split('\n').First(l => l.Contains("hosts this hour", StringComparison.Ordinal));
        Assert.Contains("host-1 2,000", hosts, StringComparison.Ordinal);
        Assert.Contains("host-3 2,000", hosts, StringComparison.Ordinal);
        Assert.Contains("on 3 serving processes", text, StringComparison.Ordinal);
    }
}
