using MlSystems.PostgreSql;

namespace MlSystems.Monitoring.PostgreSql;

/// <summary>
/// How a <see cref="PostgreSqlFleetStore"/> lays out and reaches its tables. The store copies these values when it is
/// constructed, so changing an instance afterwards affects only stores built later.
/// </summary>
public sealed class PostgreSqlFleetStoreOptions
{
    /// <summary>
    /// The schema that holds the fleet's tables, created on first use; <c>mlsystems_fleet</c> by default. Lowercase letters,
    /// digits and underscores, starting with a letter or underscore, at most 63 characters. It may sit in the registry's
    /// database or another.
    /// </summary>
    public string Schema { get; set; } = "mlsystems_fleet";

    /// <summary>
    /// How many times an operation is retried after a transient fault (a dropped connection, a failover, a serialization
    /// failure or deadlock) before the fault is reported; 4 by default, 0 to never retry, at most 100. Every operation is
    /// safe to repeat: a flush is stored once, a plan write whose commit was not acknowledged is recognised as done.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>
    /// The delay before the first retry, doubled for each later one, with jitter; 200 milliseconds by default, between zero
    /// and one minute.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    internal void Validate()
    {
        if (!PostgreSqlConnections.IsSchemaName(Schema))
        {
            throw new ArgumentException(
                $"The schema name '{Schema}' is not lowercase letters, digits and underscores starting with a letter or underscore, at most 63 characters.",
                nameof(Schema));
        }

        if (MaxRetryAttempts is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "The retry count must be between 0 and 100.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "The retry delay must be between zero and one minute.");
        }
    }

    internal PostgreSqlFleetStoreOptions Copy() => new() { Schema = Schema, MaxRetryAttempts = MaxRetryAttempts, RetryDelay = RetryDelay };
}
