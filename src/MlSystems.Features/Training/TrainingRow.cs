namespace MlSystems.Features;

/// <summary>One row of a point-in-time training set.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
/// <param name="Event">The labelled event.</param>
/// <param name="Features">Its feature vector as it was known at the event's time.</param>
/// <param name="Label">The outcome.</param>
public sealed record TrainingRow<TEvent>(TEvent Event, double[] Features, double Label);
