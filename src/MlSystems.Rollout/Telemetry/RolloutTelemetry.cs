using System.Diagnostics.Metrics;

namespace MlSystems.Rollout;

/// <summary>The rollout instruments, created through <see cref="IMeterFactory"/> under the meter <c>MlSystems.Rollout</c>.</summary>
internal sealed class RolloutTelemetry
{
    public const string MeterName = "MlSystems.Rollout";

    public RolloutTelemetry(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        Assignments = meter.CreateCounter<long>("mlsystems.rollout.assignments", unit: "{request}", description: "Requests routed by a canary, tagged with the canary and the version.");
        Promotions = meter.CreateCounter<long>("mlsystems.rollout.promotions", unit: "{canary}", description: "Canaries promoted, tagged with the canary.");
        Rollbacks = meter.CreateCounter<long>("mlsystems.rollout.rollbacks", unit: "{canary}", description: "Canaries rolled back, tagged with the canary.");
        ShadowDropped = meter.CreateCounter<long>("mlsystems.rollout.shadow.dropped", unit: "{request}", description: "Shadow copies dropped because the queue was full, tagged with the shadow.");
        ShadowLatencyDifference = meter.CreateHistogram<double>("mlsystems.rollout.shadow.latency_difference", unit: "s", description: "Challenger minus primary latency of each shadowed request, tagged with the shadow.");
    }

    public Counter<long> Assignments { get; }

    public Counter<long> Promotions { get; }

    public Counter<long> Rollbacks { get; }

    public Counter<long> ShadowDropped { get; }

    public Histogram<double> ShadowLatencyDifference { get; }
}
