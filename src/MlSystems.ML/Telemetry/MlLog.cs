using Microsoft.Extensions.Logging;

namespace MlSystems.ML;

/// <summary>The serving pool's log messages.</summary>
internal static partial class MlLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Model {Model} now serves version {Version} (alias {Alias}), loaded in {Seconds} s")]
    public static partial void Swapped(ILogger logger, string model, int version, string alias, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Model {Model} version {Version} was refused and version {Serving} keeps serving")]
    public static partial void SwapRefused(ILogger logger, Exception exception, string model, int version, int? serving);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Model {Model}: re-reading alias {Alias} failed")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string model, string alias);
}
