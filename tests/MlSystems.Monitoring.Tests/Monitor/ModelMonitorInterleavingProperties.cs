using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Monitoring.Tests.Support;

namespace MlSystems.Monitoring.Tests.Monitor;

/// <summary>
/// The monitor's verdict depends on the requests it saw, not on how they interleaved across threads: the same requests
/// recorded in order on one thread and split over several racing threads give the same check.
/// </summary>
public sealed class ModelMonitorInterleavingProperties
{
    [Property(MaxTest = 12)]
    public Property The_verdict_is_the_same_whichever_thread_recorded_which_request(PositiveInt seed) =>
        Prop.ForAll(Gen.Choose(2, 4).ToArbitrary(), threads =>
        {
            var random = new Random(seed.Get);
            double shift = random.Next(3) * 0.25, lossMean = random.Next(2) == 0 ? 0.05 : 0.09;
            var requests = new (string Id, string User, double X, double Y, double Loss)[1_500];
            for (int i = 0; i < requests.Length; i++)
            {
                requests[i] = ($"r{i}", $"user-{random.Next(10_000)}", shift + Gaussian(random), shift + Gaussian(random), 2 * lossMean * random.NextDouble());
            }

            using var sequential = new LoopHarness(withHook: false);
            using var racing = new LoopHarness(withHook: false);
            MonitoringCheck one = Check(sequential, [requests], parallel: false);
            int[] owner = [.. requests.Select(_ => random.Next(threads))];
            MonitoringCheck many = Check(racing, [.. Enumerable.Range(0, threads).Select(t => requests.Where((_, i) => owner[i] == t).ToArray())], parallel: true);

            Assert.Equal(one.Health, many.Health);
            Assert.Equal(one.Reasons.Count, many.Reasons.Count);
            Assert.Equal(one.Drift!.Features.Select(f => (f.Name, f.Drifted, f.Result.Statistic, f.Result.PValue)), many.Drift!.Features.Select(f => (f.Name, f.Drifted, f.Result.Statistic, f.Result.PValue)));
            Assert.Equal((one.Performance!.Labels, one.Performance.Decayed), (many.Performance!.Labels, many.Performance.Decayed));
            Assert.Equal(one.Performance.MeanLoss, many.Performance.MeanLoss, 12);
        });

    private static MonitoringCheck Check(LoopHarness loop, (string Id, string User, double X, double Y, double Loss)[][] parts, bool parallel)
    {
        loop.PublishFirstAsync().GetAwaiter().GetResult();
        loop.Monitor.CheckAsync().GetAwaiter().GetResult();
        void Record((string Id, string User, double X, double Y, double Loss)[] part)
        {
            foreach ((string id, string user, double x, double y, double loss) in part)
            {
                double prediction = 1 / (1 + Math.Exp(-(x + y)));
                loop.Monitor.RecordPrediction(id, loop.Monitor.Route(user), [x, y], prediction, TimeSpan.FromMilliseconds(5));
                Assert.Equal(LabelOutcome.Joined, loop.Monitor.RecordLabel(id, prediction + loss));
            }
        }

        if (parallel)
        {
            using var start = new Barrier(parts.Length);
            Task.WaitAll([.. parts.Select(part => Task.Run(() =>
            {
                start.SignalAndWait();
                Record(part);
            }))]);
        }
        else
        {
            Record(parts[0]);
        }

        loop.Clock.Advance(loop.Options.CheckInterval);
        return loop.Monitor.CheckAsync().GetAwaiter().GetResult();
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
