namespace MlSystems.Monitoring;

/// <summary>A logged prediction waiting for its label.</summary>
internal readonly record struct PendingPrediction(ModelRoute Route, double Prediction, TimeSpan Latency, long Sequence);
