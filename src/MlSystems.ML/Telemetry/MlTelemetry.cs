using System.Diagnostics.Metrics;

namespace MlSystems.ML;

/// <summary>The serving instruments, created through <see cref="IMeterFactory"/> under the meter <c>MlSystems.ML</c>.</summary>
internal sealed class MlTelemetry
{
    public const string MeterName = "MlSystems.ML";

    public MlTelemetry(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        LoadDuration = meter.CreateHistogram<double>("mlsystems.ml.model.load.duration", unit: "s", description: "Time to load, schema-check and warm a model version, tagged with the model.");
        Swaps = meter.CreateCounter<long>("mlsystems.ml.model.swaps", unit: "{swap}", description: "Generation swaps, tagged with the model and the outcome (swapped or refused).");
        PredictionDuration = meter.CreateHistogram<double>("mlsystems.ml.prediction.duration", unit: "s", description: "Duration of one prediction through the serving pool, tagged with the model.");
    }

    public Histogram<double> LoadDuration { get; }

    public Counter<long> Swaps { get; }

    public Histogram<double> PredictionDuration { get; }
}
