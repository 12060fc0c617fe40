using Xunit.Abstractions;

namespace MlSystems.Monitoring.Tests.Canaries;

/// <summary>
/// The issue-23 cases through <see cref="ModelMonitor"/> with its default canary settings: it measures the traffic
/// before the canary, fits the plan to it and decides. Identical candidates promoted, a candidate with twice the
/// errors rolled back, one inside every tolerance promoted, at 2,000 requests an hour and at 200 requests a second.
/// The medians printed are the figures the README quotes.
/// </summary>
public sealed class MonitoredCanaryTests(ITestOutputHelper output)
{
    public static TheoryData<double, double, double, MonitoringEventKind, int, int> Cases => new()
    {
        // requests/s, candidate error rate, latency factor, the outcome expected, runs, the least that end so
        { 2000.0 / 3600, 0.01, 1.0, MonitoringEventKind.CanaryPromoted, 100, 95 },
        { 2000.0 / 3600, 0.02, 1.0, MonitoringEventKind.CanaryRolledBack, 100, 95 },
        { 2000.0 / 3600, 0.011, 1.05, MonitoringEventKind.CanaryPromoted, 100, 90 },
        { 200, 0.01, 1.0, MonitoringEventKind.CanaryPromoted, 20, 19 },
        { 200, 0.02, 1.0, MonitoringEventKind.CanaryRolledBack, 20, 19 },
        { 200, 0.011, 1.05, MonitoringEventKind.CanaryPromoted, 20, 18 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_monitor_decides_its_canaries_at_the_traffic_it_measured(double requestsPerSecond, double errorRate, double latencyFactor, MonitoringEventKind expected, int runs, int least)
    {
        // A day of steady traffic before the drift at low traffic (48,000 requests measured), 15 minutes at high (180,000).
        TimeSpan warmUp = requestsPerSecond < 1 ? TimeSpan.FromDays(1) : TimeSpan.FromMinutes(15);
        MonitoredCanary[] results = await MonitoredCanarySimulation.RunManyAsync(runs, requestsPerSecond, errorRate, latencyFactor, warmUp, TimeSpan.FromDays(7));
        MonitoredCanary[] decided = [.. results.Where(r => r.Outcome == expected)];
        double median = decided.Length == 0 ? double.NaN : decided.Select(r => r.Elapsed.TotalHours).Order().ElementAt(decided.Length / 2);
        output.WriteLine($"{requestsPerSecond * 3600:N0} requests/h, errors {errorRate:P1}, latency ×{latencyFactor}: {expected} {decided.Length} of {runs}, median {median:0.00} h");
        output.WriteLine($"  {results[0].Plan}");
        foreach (IGrouping<MonitoringEventKind?, MonitoredCanary> other in results.Where(r => r.Outcome != expected).GroupBy(r => r.Outcome))
        {
            output.WriteLine($"  {other.Count()} {other.Key?.ToString() ?? "undecided"}, for example: {other.First().Detail}");
        }

        Assert.True(decided.Length >= least, $"{decided.Length} of {runs} {expected}, at least {least} expected");
    }
}
