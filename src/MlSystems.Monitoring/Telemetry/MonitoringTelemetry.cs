using System.Diagnostics.Metrics;

namespace MlSystems.Monitoring;

/// <summary>The monitor's instruments, created through <see cref="IMeterFactory"/> under the meter <c>MlSystems.Monitoring</c>.</summary>
internal sealed class MonitoringTelemetry
{
    public const string MeterName = "MlSystems.Monitoring";

    public MonitoringTelemetry(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        Checks = meter.CreateCounter<long>("mlsystems.monitoring.checks", unit: "{check}", description: "Monitoring checks, tagged with the model and the health verdict.");
        CheckDuration = meter.CreateHistogram<double>("mlsystems.monitoring.check.duration", unit: "s", description: "Duration of a monitoring check, tagged with the model.");
        Events = meter.CreateCounter<long>("mlsystems.monitoring.events", unit: "{event}", description: "Loop events (drift, decay, retraining, canary outcomes), tagged with the model and the kind.");
        UnmatchedLabels = meter.CreateCounter<long>("mlsystems.monitoring.labels.unmatched", unit: "{label}", description: "Labels without a pending prediction, tagged with the model.");
    }

    public Counter<long> Checks { get; }

    public Histogram<double> CheckDuration { get; }

    public Counter<long> Events { get; }

    public Counter<long> UnmatchedLabels { get; }
}
