namespace MlSystems.Rollout;

/// <summary>The outcome of one request, as the host reports it to a canary.</summary>
/// <param name="Failed">True when the request errored.</param>
/// <param name="Latency">How long the model took.</param>
/// <param name="Prediction">The model's score, for prediction-drift gates; null when there is none.</param>
/// <param name="BusinessValue">A business metric for the request (revenue, click, conversion); null when not known.</param>
public readonly record struct CanaryObservation(bool Failed, TimeSpan Latency, double? Prediction = null, double? BusinessValue = null);
