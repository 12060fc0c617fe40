using Microsoft.Extensions.Logging;

namespace MlSystems.Registry;

/// <summary>The registry's log messages.</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Registered {Model} version {Version} ({Digest}, {Size} bytes)")]
    public static partial void Registered(ILogger logger, string model, int version, string digest, long size);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Alias {Alias} of {Model} moved from {From} to {To} by {Actor}: {Reason}")]
    public static partial void AliasMoved(ILogger logger, string model, string alias, int? from, int to, string? actor, string? reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Integrity check failed for {Model} version {Version}: recorded {Recorded}, found {Found}")]
    public static partial void IntegrityFailure(ILogger logger, string model, int version, string recorded, string found);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "A registry change subscriber failed on {Kind} of {Model}")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, RegistryChangeKind kind, string model);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Reclaimed {Staged} staged artifacts, {Records} temporary records and {Orphaned} orphaned artifacts ({Bytes} bytes); {InUse} staged artifacts in use left alone")]
    public static partial void Reclaimed(ILogger logger, int staged, int records, int orphaned, long bytes, int inUse);
}
