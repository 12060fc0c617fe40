using Microsoft.Extensions.Logging;

namespace MlSystems.Registry.PostgreSql;

/// <summary>The PostgreSQL store's log events.</summary>
internal static partial class PostgreSqlRegistryLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Registry schema {Schema}: applied {Count} migration(s)")]
    public static partial void SchemaMigrated(ILogger logger, string schema, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Registry schema {Schema}: transient PostgreSQL fault, retry {Attempt} in {Delay}")]
    public static partial void TransientFault(ILogger logger, Exception exception, string schema, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Registry schema {Schema}: the change feed's connection was lost; reconnecting and catching up from the change log")]
    public static partial void ChangeFeedLost(ILogger logger, Exception exception, string schema);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Registry schema {Schema}: the change feed could not reconnect, attempt {Attempt}; next in {Delay}")]
    public static partial void ChangeFeedReconnecting(ILogger logger, Exception exception, string schema, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Registry schema {Schema}: a change subscriber failed on {Kind} of {Model}")]
    public static partial void ChangeSubscriberFailed(ILogger logger, Exception exception, string schema, RegistryChangeKind kind, string model);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Registry schema {Schema}: removed {Count} change log entries older than {Retention}")]
    public static partial void ChangesPruned(ILogger logger, string schema, int count, TimeSpan retention);
}
