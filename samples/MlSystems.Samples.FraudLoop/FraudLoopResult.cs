using MlSystems.Monitoring;
using MlSystems.Registry;

namespace MlSystems.Samples.FraudLoop;

/// <summary>What the simulation did: the timeline, the final champion, every version, the drift report's path and the
/// last check's verdict.</summary>
internal sealed record FraudLoopResult(IReadOnlyList<TimelineEntry> Timeline, int Champion, IReadOnlyList<ModelVersion> Versions, string? DriftReportPath, MonitoringHealth FinalHealth);
