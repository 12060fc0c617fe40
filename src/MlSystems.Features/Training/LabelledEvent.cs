namespace MlSystems.Features;

/// <summary>An event whose outcome became known: the row of a training set.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
/// <param name="Event">The event (its entity and time place it; its own fields feed the row features).</param>
/// <param name="Label">The outcome.</param>
public readonly record struct LabelledEvent<TEvent>(TEvent Event, double Label);
