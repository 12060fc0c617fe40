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

    [Fact]
    public async Task A_challenger_that_ignores_its_token_cannot_pile_up_calls()
    {
        var time = new FakeTimeProvider();
        var entered = new SemaphoreSlim(0);
        var completed = new SemaphoreSlim(0);
        // One source per call, continuations inline: releasing a stuck call returns it, and frees its slot, before SetResult returns.
        TaskCompletionSource<int>[] releases = [new(), new()];
        var shadow = new ShadowRunner<int, int>(
            new ShadowOptions { Name = "stuck", Timeout = TimeSpan.FromSeconds(1), MaxInFlight = 2, OnCompleted = _ => completed.Release() },
            async (call, _) =>
            {
                entered.Release();
                return await releases[call].Task;
            },
            timeProvider: time);

        // Two calls time out on the fake clock but keep running: both slots stay taken.
        for (int call = 0; call < 2; call++)
        {
            Assert.True(shadow.Offer(call, call, TimeSpan.Zero));
            Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(30)));
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(await completed.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(2, shadow.Statistics.InFlight);

        // Further copies are queued, then dropped by the worker instead of starting a third call.
        for (int copy = 0; copy < 5; copy++)
        {
            Assert.True(shadow.Offer(10 + copy, 0, TimeSpan.Zero));
        }

        await shadow.DisposeAsync();
        ShadowStatistics stats = shadow.Statistics;
        Assert.Equal((7L, 5L, 2L, 2), (stats.Offered, stats.Dropped, stats.TimedOut, stats.InFlight));
        Assert.Equal(0, entered.CurrentCount);

        // When the stuck calls return at last, their slots are given back.
        foreach (TaskCompletionSource<int> release in releases)
        {
            release.SetResult(0);
        }

        Assert.Equal(0, shadow.Statistics.InFlight);
    }

    [Fact]
    public async Task Several_workers_call_the_challenger_at_once()
    {
        int inside = 0;
        var allInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new CountdownEvent(3);
        await using var shadow = new ShadowRunner<int, int>(
            new ShadowOptions { Name = "wide", MaxConcurrency = 3, Timeout = TimeSpan.FromMinutes(5), OnCompleted = _ => done.Signal() },
            async (x, _) =>
            {
                // Returns only once three calls are inside together: with one worker the first would wait for ever.
                if (Interlocked.Increment(ref inside) == 3)
                {
                    allInside.SetResult();
                }

                await allInside.Task;
                return x;
            });
        for (int i = 0; i < 3; i++)
        {
            Assert.True(shadow.Offer(i, i, TimeSpan.Zero));
        }

        Assert.True(done.Wait(TimeSpan.FromSeconds(60)));
        Assert.Equal(3, shadow.Statistics.Agreed);
    }

    [Fact]
    public async Task A_sample_rate_copies_about_that_share_and_counts_the_rest()
    {
        await using var shadow = new ShadowRunner<int, int>(
            new ShadowOptions { Name = "sampled", SampleRate = 0.25, Capacity = 10_000 },
            (x, _) => ValueTask.FromResult(x));
        int queued = 0;
        for (int i = 0; i < 4000; i++)
        {
            queued += shadow.Offer(i, i, TimeSpan.Zero) ? 1 : 0;
        }

        ShadowStatistics stats = shadow.Statistics;
        Assert.Equal(4000, stats.Offered);
        Assert.Equal(4000 - queued, stats.NotSampled);

        // Binomial(4000, 0.25): mean 1000, standard deviation 27.4; six deviations either way.
        Assert.InRange(queued, 1000 - 165, 1000 + 165);
    }

    [Fact]
    public void Concurrency_bounds_and_sample_rate_are_validated()
    {
        Assert.Equal("MaxConcurrency", Assert.Throws<ArgumentException>(() => new ShadowRunner<int, int>(new ShadowOptions { Name = "x", MaxConcurrency = 0 }, (x, _) => ValueTask.FromResult(x))).ParamName);
        Assert.Equal("MaxInFlight", Assert.Throws<ArgumentException>(() => new ShadowRunner<int, int>(new ShadowOptions { Name = "x", MaxConcurrency = 4, MaxInFlight = 3 }, (x, _) => ValueTask.FromResult(x))).ParamName);
        foreach (double rate in (double[])[0, -0.1, 1.5, double.NaN])
        {
            Assert.Equal("SampleRate", Assert.Throws<ArgumentException>(() => new ShadowRunner<int, int>(new ShadowOptions { Name = "x", SampleRate = rate }, (x, _) => ValueTask.FromResult(x))).ParamName);
        }
    }
}
