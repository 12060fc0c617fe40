using Npgsql;
using Polly;
using Polly.Retry;

namespace MlSystems.PostgreSql;

/// <summary>
/// The retry pipeline every operation of a PostgreSQL store runs in: Npgsql's own verdict on what is transient (broken
/// connections, failovers, serialization failures, deadlocks, timeouts), exponential back-off with jitter, and the
/// package's own exception naming the attempts once the budget is spent. Each operation is a whole transaction, so a
/// retry repeats it from the start and nothing half-written survives a failed attempt.
/// </summary>
/// <remarks>Linked as source into each package with a PostgreSQL store, so they retry alike.</remarks>
internal sealed class TransientFaults
{
    private readonly ResiliencePipeline pipeline;
    private readonly int attempts;
    private readonly Func<string, Exception, Exception> exhausted;

    /// <summary>A pipeline that retries up to <paramref name="maxRetryAttempts"/> times.</summary>
    /// <param name="maxRetryAttempts">Retries after the first attempt; 0 never retries.</param>
    /// <param name="retryDelay">The delay before the first retry, doubled for each later one, with jitter.</param>
    /// <param name="time">The clock the delays run on.</param>
    /// <param name="retrying">Told of each retry: the fault, the attempt about to run (from 2) and the delay before it.</param>
    /// <param name="exhausted">The exception reported once every attempt failed, from a message and the last fault.</param>
    public TransientFaults(int maxRetryAttempts, TimeSpan retryDelay, TimeProvider time, Action<Exception, int, TimeSpan> retrying, Func<string, Exception, Exception> exhausted)
    {
        attempts = maxRetryAttempts + 1;
        this.exhausted = exhausted;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (maxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient),
                MaxRetryAttempts = maxRetryAttempts,
                Delay = retryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    retrying(args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        pipeline = builder.Build();
    }

    /// <summary>Runs <paramref name="operation"/>, retrying it after transient faults.</summary>
    /// <exception cref="Exception">The package's exception: the fault persisted through every attempt; the last one is the inner exception.</exception>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw Exhausted(e);
        }
    }

    /// <summary>Runs <paramref name="operation"/> synchronously, retrying it after transient faults.</summary>
    /// <exception cref="Exception">The package's exception: the fault persisted through every attempt.</exception>
    public T Execute<T>(Func<T> operation)
    {
        try
        {
            return pipeline.Execute(operation);
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            throw Exhausted(e);
        }
    }

    private Exception Exhausted(NpgsqlException e) =>
        exhausted($"PostgreSQL failed {attempts} time(s) in a row with a transient fault; the last: {e.Message}", e);
}
