using Microsoft.Extensions.Logging;

namespace MlSystems.Features;

/// <summary>The stream processors' log messages.</summary>
internal static partial class StreamsLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Feature set {FeatureSet}: processor {Processor} took partition {Partition} (token {Token}) from position {Position}")]
    public static partial void PartitionAcquired(ILogger logger, string featureSet, string processor, int partition, long token, string? position);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Feature set {FeatureSet}: processor {Processor} handed partition {Partition} over after its checkpoint")]
    public static partial void PartitionReleased(ILogger logger, string featureSet, string processor, int partition);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Feature set {FeatureSet}: processor {Processor} lost partition {Partition} (token {Token}); its work since the last checkpoint is dropped")]
    public static partial void PartitionLost(ILogger logger, string featureSet, string processor, int partition, long token);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Feature set {FeatureSet}: event {Position} of partition {Partition} was skipped")]
    public static partial void EventSkipped(ILogger logger, string featureSet, int partition, string position, Exception error);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "Feature set {FeatureSet}: processor {Processor} could not process partition {Partition}; the other partitions go on")]
    public static partial void PartitionFailed(ILogger logger, string featureSet, string processor, int partition, Exception error);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Feature set {FeatureSet}: a round of processor {Processor} failed; retrying")]
    public static partial void StepFailed(ILogger logger, string featureSet, string processor, Exception error);
}
