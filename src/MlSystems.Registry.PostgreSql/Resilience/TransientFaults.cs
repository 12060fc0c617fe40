using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// The retry pipeline every store operation runs in: Npgsql's own verdict on what is transient (broken connections,
/// failovers, serialization failures, deadlocks, timeouts), exponential back-off with jitter, and a
/// <see cref="ModelRegistryException"/> naming the attempts once the budget is spent. Each operation is a whole
/// transaction, so a retry repeats it from the start and nothing half-written survives a failed attempt.
/// </summary>
internal sealed class TransientFaults
{
    private readonly ResiliencePipeline pipeline;
    private readonly int attempts;

    public TransientFaults(PostgreSqlRegistryStoreOptions options, TimeProvider time, ILogger logger)
    {
        attempts = options.MaxRetryAttempts + 1;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            string schema = options.Schema;
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    PostgreSqlRegistryLog.TransientFault(logger, args.Outcome.Exception!, schema, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        pipeline = builder.Build();
    }

    /// <summary>Runs <paramref name="operation"/>, retrying it after transient faults.</summary>
    /// <exception cref="ModelRegistryException">The fault persisted through every attempt; the last one is the inner exception.</exception>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelRegistryException($"PostgreSQL failed {attempts} time(s) in a row with a transient fault; the last: {e.Message}", e);
        }
    }

    /// <summary>Runs <paramref name="operation"/> synchronously, retrying it after transient faults.</summary>
    /// <exception cref="ModelRegistryException">The fault persisted through every attempt.</exception>
    public T Execute<T>(Func<T> operation)
    {
        try
        {
            return pipeline.Execute(operation);
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            throw new ModelRegistryException($"PostgreSQL failed {attempts} time(s) in a row with a transient fault; the last: {e.Message}", e);
        }
    }
}
