using Microsoft.Extensions.Logging;

namespace MlSystems.Features;

/// <summary>The feature engine's log messages.</summary>
internal static partial class FeaturesLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Feature set {FeatureSet}: a late event for {Entity} at {EventTime} was not counted")]
    public static partial void LateEvent(ILogger logger, string featureSet, string entity, DateTimeOffset eventTime);
}
