using Microsoft.Extensions.Logging;

namespace MlSystems.Monitoring.PostgreSql;

/// <summary>The PostgreSQL fleet store's log events.</summary>
internal static partial class PostgreSqlFleetLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Fleet schema {Schema}: applied {Count} migration(s)")]
    public static partial void SchemaMigrated(ILogger logger, string schema, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Fleet schema {Schema}: transient PostgreSQL fault, retry {Attempt} in {Delay}")]
    public static partial void TransientFault(ILogger logger, Exception exception, string schema, int attempt, TimeSpan delay);
}
