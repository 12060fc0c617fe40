using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>The traffic measured over one retired window: outcomes per second, and the champion's outcomes in it.</summary>
/// <param name="RequestsPerSecond">Outcomes of every version per second over the window.</param>
/// <param name="Baseline">The champion's outcomes; never written again.</param>
/// <param name="From">When the window started.</param>
/// <param name="To">When it was retired.</param>
internal sealed record TrafficMeasurement(double RequestsPerSecond, CanaryWindow Baseline, DateTimeOffset From, DateTimeOffset To);
