namespace MlSystems.Monitoring.Tests.Canaries;

/// <summary>How the first canary of one simulated monitor ended: the event that ended it (or null), the plan it started with, and how long it ran.</summary>
internal sealed record MonitoredCanary(MonitoringEventKind? Outcome, string Plan, TimeSpan Elapsed, string Detail);
