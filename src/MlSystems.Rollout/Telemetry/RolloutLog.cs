using Microsoft.Extensions.Logging;

namespace MlSystems.Rollout;

/// <summary>The rollout components' log messages.</summary>
internal static partial class RolloutLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Canary {Canary} advanced to step {Step}: {Percentage}% to {Candidate}")]
    public static partial void CanaryAdvanced(ILogger logger, string canary, int step, double percentage, string candidate);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Canary {Canary} rolled back from {Candidate} to {Champion}: {Reason}")]
    public static partial void CanaryRolledBack(ILogger logger, string canary, string candidate, string champion, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Canary {Canary} promoted {Candidate} over {Champion}")]
    public static partial void CanaryPromoted(ILogger logger, string canary, string candidate, string champion);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Canary {Canary}: promoting {Candidate} failed; the step holds and the next evaluation retries")]
    public static partial void PromotionFailed(ILogger logger, Exception exception, string canary, string candidate);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Canary {Canary}: the rollback notification failed")]
    public static partial void RollbackNotificationFailed(ILogger logger, Exception exception, string canary);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Shadow {Shadow}: the challenger failed")]
    public static partial void ShadowFailed(ILogger logger, Exception exception, string shadow);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Canary {Canary} awaits a decision at step {Step}: {Reason}")]
    public static partial void CanaryAwaitingDecision(ILogger logger, string canary, int step, string reason);
}
