using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlSystems.Rollout;

/// <summary>
/// Shadow deployment: the challenger gets a copy of each request off the hot path and its answer is compared with the
/// primary's, so a new model meets production traffic before it serves anyone.
/// </summary>
/// <remarks>
/// <para><see cref="Offer"/> only writes to a bounded queue: it never waits, never throws because of the challenger, and
/// when the queue is full drops the copy and counts it; with <see cref="ShadowOptions.SampleRate"/> below 1 it copies only
/// that share of requests. <see cref="ShadowOptions.MaxConcurrency"/> workers feed the challenger (one, in order, by
/// default); its exceptions and time-outs are counted, logged at debug level and never reach the caller. A call abandoned
/// at its time-out still counts against <see cref="ShadowOptions.MaxInFlight"/> until it returns, so a challenger that
/// ignores its token sheds copies instead of piling up calls.</para>
/// <para>Dispose to stop: queued copies are still processed, then the worker ends.</para>
/// </remarks>
/// <typeparam name="TInput">The request type.</typeparam>
/// <typeparam name="TOutput">The prediction type.</typeparam>
public sealed class ShadowRunner<TInput, TOutput> : IAsyncDisposable
{
    private readonly ShadowOptions options;
    private readonly Func<TInput, CancellationToken, ValueTask<TOutput>> challenger;
    private readonly IEqualityComparer<TOutput> comparer;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly RolloutTelemetry? telemetry;
    private readonly Channel<(TInput Input, TOutput Output, TimeSpan Latency)> queue;
    private readonly Task[] workers;
    private readonly Lock sums = new();
    private long offered, dropped, notSampled, agreed, disagreed, failed, timedOut;
    private int inFlight;
    private double latencyDifferenceSum;

    /// <summary>Starts the shadow's worker.</summary>
    /// <param name="options">The shadow; copied and validated here, so changing it afterwards changes nothing.</param>
    /// <param name="challenger">The challenger model; it receives a token cancelled at the time-out.</param>
    /// <param name="comparer">Decides agreement; <see cref="EqualityComparer{T}.Default"/> when null.</param>
    /// <param name="timeProvider">The clock for latencies and time-outs; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ShadowRunner(ShadowOptions options, Func<TInput, CancellationToken, ValueTask<TOutput>> challenger, IEqualityComparer<TOutput>? comparer = null, TimeProvider? timeProvider = null, ILogger<ShadowRunner<TInput, TOutput>>? logger = null)
        : this(options, challenger, comparer, timeProvider, logger, telemetry: null)
    {
    }

    internal ShadowRunner(ShadowOptions options, Func<TInput, CancellationToken, ValueTask<TOutput>> challenger, IEqualityComparer<TOutput>? comparer, TimeProvider? timeProvider, ILogger? logger, RolloutTelemetry? telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(challenger);
        options = options.Clone();
        options.Validate();
        this.options = options;
        this.challenger = challenger;
        this.comparer = comparer ?? EqualityComparer<TOutput>.Default;
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        this.telemetry = telemetry;
        queue = Channel.CreateBounded<(TInput, TOutput, TimeSpan)>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = options.MaxConcurrency == 1,
            SingleWriter = false,
        });
        workers = [.. Enumerable.Range(0, options.MaxConcurrency).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>The counters so far.</summary>
    public ShadowStatistics Statistics
    {
        get
        {
            lock (sums)
            {
                return new ShadowStatistics(Interlocked.Read(ref offered), Interlocked.Read(ref dropped), agreed, disagreed, failed, timedOut, latencyDifferenceSum, Interlocked.Read(ref notSampled), Volatile.Read(ref inFlight));
            }
        }
    }

    /// <summary>Offers a copy of a served request to the challenger. Never blocks.</summary>
    /// <param name="input">The request.</param>
    /// <param name="primaryOutput">What the primary answered.</param>
    /// <param name="primaryLatency">How long the primary took.</param>
    /// <returns>False when no copy was queued: not sampled, queue full, or the shadow is stopping.</returns>
    public bool Offer(TInput input, TOutput primaryOutput, TimeSpan primaryLatency)
    {
        Interlocked.Increment(ref offered);
        if (options.SampleRate < 1 && Random.Shared.NextDouble() >= options.SampleRate)
        {
            Interlocked.Increment(ref notSampled);
            return false;
        }

        if (queue.Writer.TryWrite((input, primaryOutput, primaryLatency)))
        {
            return true;
        }

        Drop();
        return false;
    }

    /// <summary>Stops accepting copies, lets the worker finish the queued ones, and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private void Drop()
    {
        Interlocked.Increment(ref dropped);
        telemetry?.ShadowDropped.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Shadow, options.Name));
    }

    private async Task RunAsync()
    {
        await foreach ((TInput input, TOutput primary, TimeSpan primaryLatency) in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (await RunOneAsync(input, primary, primaryLatency).ConfigureAwait(false) is not { } result)
            {
                continue;
            }

            lock (sums)
            {
                switch (result.Outcome)
                {
                    case ShadowOutcome.Agreed:
                        agreed++;
                        break;
                    case ShadowOutcome.Disagreed:
                        disagreed++;
                        break;
                    case ShadowOutcome.Failed:
                        failed++;
                        break;
                    default:
                        timedOut++;
                        break;
                }

                if (result.Outcome is ShadowOutcome.Agreed or ShadowOutcome.Disagreed)
                {
                    latencyDifferenceSum += (result.ChallengerLatency - primaryLatency).TotalSeconds;
                }
            }

            if (result.Outcome is ShadowOutcome.Agreed or ShadowOutcome.Disagreed)
            {
                telemetry?.ShadowLatencyDifference.Record((result.ChallengerLatency - primaryLatency).TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.Shadow, options.Name));
            }

            try
            {
                options.OnCompleted?.Invoke(result);
            }
            catch (Exception exception)
            {
                RolloutLog.ShadowFailed(logger, exception, options.Name);
            }
        }
    }

    /// <summary>One challenger call; null when it was not started because <see cref="ShadowOptions.MaxInFlight"/> calls still run.</summary>
    private async Task<ShadowResult?> RunOneAsync(TInput input, TOutput primary, TimeSpan primaryLatency)
    {
        if (Interlocked.Increment(ref inFlight) > options.MaxInFlight)
        {
            Interlocked.Decrement(ref inFlight);
            Drop();
            return null;
        }

        long start = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        try
        {
            // The thread pool keeps a challenger that blocks synchronously off the worker, and WaitAsync bounds one that
            // ignores its token.
            // The slot is released when the call itself ends, not when waiting for it stops.
            Task<TOutput> call = Task.Run(() => challenger(input, timeout.Token).AsTask(), CancellationToken.None);
            _ = call.ContinueWith(
                static (ended, state) =>
                {
                    // An abandoned call's failure is observed here, so it never surfaces as an unobserved exception.
                    _ = ended.Exception;
                    Interlocked.Decrement(ref ((ShadowRunner<TInput, TOutput>)state!).inFlight);
                },
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            TOutput output = await call.WaitAsync(options.Timeout, time).ConfigureAwait(false);
            ShadowOutcome outcome = comparer.Equals(output, primary) ? ShadowOutcome.Agreed : ShadowOutcome.Disagreed;
            return new ShadowResult(outcome, primaryLatency, time.GetElapsedTime(start), null);
        }
        catch (Exception exception) when (exception is TimeoutException || (exception is OperationCanceledException && timeout.IsCancellationRequested))
        {
            return new ShadowResult(ShadowOutcome.TimedOut, primaryLatency, time.GetElapsedTime(start), exception);
        }
        catch (Exception exception)
        {
            RolloutLog.ShadowFailed(logger, exception, options.Name);
            return new ShadowResult(ShadowOutcome.Failed, primaryLatency, time.GetElapsedTime(start), exception);
        }
    }
}
