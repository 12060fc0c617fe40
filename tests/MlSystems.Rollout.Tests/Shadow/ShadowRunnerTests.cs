using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Rollout.Tests.Shadow;

public sealed class ShadowRunnerTests
{
    [Fact]
    public async Task Changing_the_options_after_construction_changes_nothing()
    {
        var done = new CountdownEvent(1);
        int calledBack = 0;
        var options = new ShadowOptions { Name = "scorer", OnCompleted = _ => done.Signal() };
        await using var shadow = new ShadowRunner<int, int>(options, (x, _) => ValueTask.FromResult(x));
        options.OnCompleted = _ => Interlocked.Increment(ref calledBack);
        options.Capacity = 0;

        Assert.True(shadow.Offer(1, 1, TimeSpan.Zero));
        Assert.True(done.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, calledBack);
    }

    [Fact]
    public async Task Agreement_and_latency_difference_are_recorded()
    {
        var time = new FakeTimeProvider();
        var done = new CountdownEvent(100);
        await using var shadow = new ShadowRunner<int, int>(
            new ShadowOptions { Name = "scorer", OnCompleted = _ => done.Signal() },
            (x, _) => ValueTask.FromResult(x % 4 == 0 ? -x : x),
            timeProvider: time);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(shadow.Offer(i, i, TimeSpan.FromMilliseconds(5)));
        }

        Assert.True(done.Wait(TimeSpan.FromSeconds(30)));
        ShadowStatistics stats = shadow.Statistics;
        // Multiples of 4 disagree, except 0 (−0 equals 0).
        Assert.Equal((100L, 0L, 76L, 24L, 0L, 0L), (stats.Offered, stats.Dropped, stats.Agreed, stats.Disagreed, stats.Failed, stats.TimedOut));
        Assert.Equal(0.76, stats.AgreementRate, 12);

        // The fake clock did not move: the challenger took 0 s against the primary's 5 ms.
        Assert.Equal(-0.005, stats.MeanLatencyDifference, 12);
    }

    [Fact]
    public async Task Challenger_failures_and_hangs_never_reach_the_caller()
    {
        var time = new FakeTimeProvider();
        var results = new List<ShadowResult>();
        var done = new SemaphoreSlim(0);
        await using var shadow = new ShadowRunner<int, int>(
            new ShadowOptions
            {
                Name = "flaky",
                Timeout = TimeSpan.FromSeconds(1),
                OnCompleted = r =>
                {
                    lock (results)
                    {
                        results.Add(r);
                    }

                    done.Release();
                },
            },
            async (x, token) => x switch
            {
                0 => throw new InvalidOperationException("challenger bug"),
                1 => await Task.Delay(Timeout.Infinite, CancellationToken.None).ContinueWith(_ => 1, TaskScheduler.Default),
                _ => x,
            },
            timeProvider: time);

        // The request path only offers; nothing it calls can throw or wait because of the challenger.
        Assert.True(shadow.Offer(0, 0, TimeSpan.Zero));
        Assert.True(await done.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(shadow.Offer(1, 1, TimeSpan.Zero));

        // The hung challenger times out on the fake clock; the worker then moves on.
        while (shadow.Statistics.TimedOut == 0)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await done.WaitAsync(TimeSpan.FromMilliseconds(20));
        }

        Assert.True(shadow.Offer(2, 2, TimeSpan.Zero));
        Assert.True(await done.WaitAsync(TimeSpan.FromSeconds(30)));
        lock (results)
        {
            Assert.Equal([ShadowOutcome.Failed, ShadowOutcome.TimedOut, ShadowOutcome.Agreed], results.Select(r => r.Outcome));
            Assert.IsType<InvalidOperationException>(results[0].Exception);
        }
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_waiting()
    {
        var release = new TaskCompletionSource();
        await using var shadow = new ShadowRunner<int, int>(
            new ShadowOptions { Name = "slow", Capacity = 4, Timeout = TimeSpan.FromHours(1) },
            async (x, _) =>
            {
                await release.Task;
                return x;
            });

        int accepted = 0;
        for (int i = 0; i < 50; i++)
        {
            accepted += shadow.Offer(i, i, TimeSpan.Zero) ? 1 : 0;
        }

        // At most the queue plus the one request the worker holds.
        Assert.InRange(accepted, 4, 5);
        Assert.Equal(50 - accepted, shadow.Statistics.Dropped);
        release.SetResult();
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Equal("Name", Assert.Throws<ArgumentException>(() => new ShadowRunner<int, int>(new ShadowOptions(), (x, _) => ValueTask.FromResult(x))).ParamName);
        Assert.Equal("Capacity", Assert.Throws<ArgumentException>(() => new ShadowRunner<int, int>(new ShadowOptions { Name = "s", Capacity = 0 }, (x, _) => ValueTask.FromResult(x))).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentException>(() => new ShadowRunner<int, int>(new ShadowOptions { Name = "s", Timeout = TimeSpan.Zero }, (x, _) => ValueTask.FromResult(x))).ParamName);
    }
}
