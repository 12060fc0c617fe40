using System.Threading.Channels;
using MlSystems.Features.Worker;

namespace MlSystems.Features.Tests.Streams;

/// <summary>
/// Stream processors as separate OS processes on one Redis stream of 10,000 entities: one kills itself (SIGKILL) right
/// after its vectors reached the store and before the checkpoint that covers them, one is SIGKILLed by the test while it
/// works, both are restarted, and one joins late. The store must end bit for bit where one engine replaying the stream
/// ends, and the checkpoints must count every event exactly once.
/// </summary>
public sealed class StreamProcessorCrashTests
{
    [SkippableFact]
    public async Task Killed_restarted_and_late_processors_end_with_the_replay_and_count_every_event_once()
    {
        var harness = new StreamHarness();
        StreamEvent[] events = StreamPlan.Events(seed: 17, count: 40_000, entities: 10_000);
        await harness.Producer.PublishAsync(events[..30_000]);
        var lines = Channel.CreateUnbounded<(WorkerProcess From, string? Line)>();
        var workers = new List<WorkerProcess>();
        try
        {
            // a dies at its worst moment of its own accord; b works on.
            WorkerProcess a = Start("a", crashAfter: 12);
            WorkerProcess b = Start("b");
            await WaitForAsync(lines.Reader, a, "crashing");
            await WaitForAsync(lines.Reader, a, null);

            // c joins late, and a comes back under its old id: its new lease tokens fence anything the dead run left.
            WorkerProcess c = Start("c");
            await WaitForAsync(lines.Reader, c, "owns ");
            Start("a");

            // b is killed in the middle of the stream: the rest of it has just arrived. Then it is restarted.
            await harness.Producer.PublishAsync(events[30_000..]);
            await b.KillAsync();
            Start("b");
            string?[] last = await harness.LastPositionsAsync();

            // Checked again whenever a worker says a checkpoint landed: a killed worker's leases expire on the server's
            // clock, so the end comes when the processes get there, with no sleeping here.
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (true)
            {
                (FeatureEngineCounters counted, string?[] positions) = await harness.CheckpointedAsync();
                if (positions.SequenceEqual(last))
                {
                    Assert.Equal(StreamHarness.ReplayCounters(events), (counted.Events, counted.Late, counted.Duplicates));
                    break;
                }

                while ((await lines.Reader.ReadAsync(deadline.Token)).Line?.StartsWith("checkpointed", StringComparison.Ordinal) != true)
                {
                }
            }

            Dictionary<string, long[]> expected = StreamHarness.Replay(events);
            Assert.InRange(expected.Count, 9_700, 10_000);
            Dictionary<string, long[]?> stored = await harness.StoredAsync([.. expected.Keys]);
            int differing = expected.Count(p => stored[p.Key] is not { } bits || !bits.SequenceEqual(p.Value));
            Assert.Equal(0, differing);
        }
        finally
        {
            foreach (WorkerProcess worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        WorkerProcess Start(string id, int? crashAfter = null)
        {
            WorkerProcess worker = crashAfter is int n
                ? WorkerProcess.Start(id, lines.Writer, "process", harness.Prefix, id, n.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : WorkerProcess.Start(id, lines.Writer, "process", harness.Prefix, id);
            workers.Add(worker);
            return worker;
        }
    }

    /// <summary>Reads lines until <paramref name="from"/> prints one starting with <paramref name="prefix"/> (null: until it exits).</summary>
    private static async Task WaitForAsync(ChannelReader<(WorkerProcess From, string? Line)> lines, WorkerProcess from, string? prefix)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            (WorkerProcess who, string? line) = await lines.ReadAsync(deadline.Token);
            if (who == from && (prefix is null ? line is null : line?.StartsWith(prefix, StringComparison.Ordinal) == true))
            {
                return;
            }
        }
    }
}
