namespace MlSystems.Monitoring.Tests.Canaries;

/// <summary>Many <see cref="SimulatedService"/>s of one scenario, each run until its first canary ends or asks for a decision.</summary>
internal static class MonitoredCanarySimulation
{
    private static readonly MonitoringEventKind[] Ends =
        [MonitoringEventKind.CanaryPromoted, MonitoringEventKind.CanaryRolledBack, MonitoringEventKind.CanaryAwaitingDecision, MonitoringEventKind.RetrainingFailed];

    /// <summary>Runs one service until its first canary ends or asks for a decision, or <paramref name="limit"/> passes after the canary started.</summary>
    public static async Task<MonitoredCanary> RunAsync(double requestsPerSecond, double candidateErrorRate, double candidateLatencyFactor, TimeSpan warmUp, int seed, TimeSpan limit)
    {
        using SimulatedService service = await SimulatedService.StartAsync(requestsPerSecond, warmUp, seed, candidateErrorRate: candidateErrorRate, candidateLatencyFactor: candidateLatencyFactor);
        (MonitoringCheck check, MonitoringEvent e) = await service.TickUntilAsync(warmUp + TimeSpan.FromHours(12), [MonitoringEventKind.CanaryStarted, .. Ends]);
        if (e.Kind != MonitoringEventKind.CanaryStarted)
        {
            return new MonitoredCanary(e.Kind, "", TimeSpan.Zero, e.Detail);
        }

        DateTimeOffset started = check.At;
        string plan = e.Detail;
        try
        {
            (check, e) = await service.TickUntilAsync(limit, Ends);
            return new MonitoredCanary(e.Kind, plan, check.At - started, e.Detail);
        }
        catch (TimeoutException)
        {
            return new MonitoredCanary(null, plan, limit, "still running");
        }
    }

    /// <summary>Runs <paramref name="count"/> services of one scenario, seeds 1 to count, two at a time.</summary>
    public static async Task<MonitoredCanary[]> RunManyAsync(int count, double requestsPerSecond, double candidateErrorRate, double candidateLatencyFactor, TimeSpan warmUp, TimeSpan limit)
    {
        var results = new MonitoredCanary[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
            results[i] = await RunAsync(requestsPerSecond, candidateErrorRate, candidateLatencyFactor, warmUp, i + 1, limit));
        return results;
    }
}
