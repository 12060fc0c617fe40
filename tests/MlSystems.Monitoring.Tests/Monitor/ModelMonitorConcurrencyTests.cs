using MlSystems.Monitoring.Tests.Support;

namespace MlSystems.Monitoring.Tests.Monitor;

/// <summary>The request path runs on many threads while checks run: nothing is lost, double-counted or thrown.</summary>
public sealed class ModelMonitorConcurrencyTests
{
    [Fact]
    public async Task Requests_and_labels_on_four_threads_during_checks_and_a_canary_all_count_once()
    {
        using var loop = new LoopHarness();
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        loop.Shift = 1.5;
        await loop.TickAsync(count: 2000);
        Assert.NotNull(loop.Monitor.Canary);
        (long predictionsBefore, _, long labelsBefore, _, _) = loop.Monitor.Counters;

        const int PerThread = 5000;
        using var stop = new CancellationTokenSource();
        Task checks = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await loop.Monitor.CheckAsync();
            }
        });
        Task[] workers = [.. Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var random = new Random(t);
            for (int i = 0; i < PerThread; i++)
            {
                string id = $"t{t}-{i}";
                ModelRoute route = loop.Monitor.Route($"user-{random.Next(10_000)}");
                loop.Monitor.RecordPrediction(id, route, [random.NextDouble(), random.NextDouble()], 0.5, TimeSpan.FromMilliseconds(1));
                Assert.Equal(LabelOutcome.Joined, loop.Monitor.RecordLabel(id, 0.5 + (0.1 * random.NextDouble())));
            }
        }))];
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await checks;

        (long predictions, _, long labels, long unmatched, long expired) = loop.Monitor.Counters;
        Assert.Equal(predictionsBefore + (4 * PerThread), predictions);
        Assert.Equal(labelsBefore + (4 * PerThread), labels);
        Assert.Equal((0L, 0L), (unmatched, expired));
    }
}
