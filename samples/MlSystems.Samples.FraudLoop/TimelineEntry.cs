using MlSystems.Monitoring;

namespace MlSystems.Samples.FraudLoop;

/// <summary>One line of the printed timeline; <see cref="Kind"/> is set for lines that report a monitor event.</summary>
internal sealed record TimelineEntry(int Hour, string Text, MonitoringEventKind? Kind, int? Version);
