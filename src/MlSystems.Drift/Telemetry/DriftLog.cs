using Microsoft.Extensions.Logging;

namespace MlSystems.Drift;

/// <summary>The drift services' log messages.</summary>
internal static partial class DriftLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Feature {Feature} drifted: {Test} statistic {Statistic}, p-value {PValue}, effect size {EffectSize}")]
    public static partial void FeatureDrifted(ILogger logger, string feature, string test, double statistic, double? pValue, double effectSize);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Dataset drifted: {Drifted} of {Features} features")]
    public static partial void DatasetDrifted(ILogger logger, int drifted, int features);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Drift check of {Features} features over {Rows} rows finished in {Seconds} s: {Drifted} drifted")]
    public static partial void CheckCompleted(ILogger logger, int features, int rows, double seconds, int drifted);
}
