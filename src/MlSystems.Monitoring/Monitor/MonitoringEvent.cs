namespace MlSystems.Monitoring;

/// <summary>One thing that happened during a check, in the order it happened.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Version">The model version it concerns.</param>
/// <param name="Detail">A one-line explanation with the numbers behind it.</param>
public sealed record MonitoringEvent(MonitoringEventKind Kind, int Version, string Detail);
