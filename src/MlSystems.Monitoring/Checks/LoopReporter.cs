using Microsoft.Extensions.Logging;

namespace MlSystems.Monitoring;

/// <summary>Where every part of the loop reports an event: into the check's list, the events counter and the log, alike.</summary>
internal sealed class LoopReporter(string modelName, ILogger logger, MonitoringTelemetry? telemetry)
{
    private readonly KeyValuePair<string, object?> modelTag = new(TelemetryTags.Model, modelName);

    public string ModelName { get; } = modelName;

    public ILogger Logger { get; } = logger;

    public MonitoringTelemetry? Telemetry { get; } = telemetry;

    /// <summary>The model tag every instrument of this monitor carries.</summary>
    public KeyValuePair<string, object?> ModelTag => modelTag;

    public void Report(CheckRun run, MonitoringEventKind kind, int version, string detail)
    {
        run.Events.Add(new MonitoringEvent(kind, version, detail));
        Telemetry?.Events.Add(1, modelTag, new KeyValuePair<string, object?>(TelemetryTags.Kind, kind.ToString()));
        MonitoringLog.LoopEvent(Logger, ModelName, version, kind, detail);
    }
}
