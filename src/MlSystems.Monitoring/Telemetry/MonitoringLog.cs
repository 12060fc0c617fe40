using Microsoft.Extensions.Logging;

namespace MlSystems.Monitoring;

/// <summary>The monitor's log messages.</summary>
internal static partial class MonitoringLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Model {Model}: check finished {Health} in {Seconds} s")]
    public static partial void CheckFinished(ILogger logger, string model, MonitoringHealth health, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Model {Model} v{Version}: {Kind}: {Detail}")]
    public static partial void LoopEvent(ILogger logger, string model, int version, MonitoringEventKind kind, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Model {Model}: retraining from v{Version} failed")]
    public static partial void RetrainingFailed(ILogger logger, Exception exception, string model, int version);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Model {Model}: the monitoring check failed; the next one runs on schedule")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Model {Model} v{Version}: the reference profile could not be loaded: {Reason}")]
    public static partial void ProfileUnavailable(ILogger logger, string model, int version, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Model {Model}: plan revision {Revision} by {Holder}: {Reason}")]
    public static partial void PlanWritten(ILogger logger, string model, long revision, string holder, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Model {Model}: coordinator {Holder} lost its lease during a round; the new leader carries on")]
    public static partial void LeaseLost(ILogger logger, string model, string holder);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Model {Model}: the summary at position {Position} from host {Host} is unreadable and left out: {Reason}")]
    public static partial void SummaryUnreadable(ILogger logger, string model, long position, string host, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Model {Model}: coordinator {Holder} could not renew its lease while retraining; the next round finds out whether it still leads")]
    public static partial void KeepAliveFailed(ILogger logger, Exception exception, string model, string holder);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Model {Model}: checks prepared in {Milliseconds:F0} ms, so the first full check runs compiled code")]
    public static partial void ChecksPrepared(ILogger logger, string model, double milliseconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Model {Model}: preparing the checks failed; the first full check will compile what it runs")]
    public static partial void PreparationFailed(ILogger logger, Exception exception, string model);
}
