namespace MlSystems.Features;

/// <summary>How a <see cref="FeatureEngine{TEvent}"/> treats event time.</summary>
public sealed class FeatureEngineOptions
{
    /// <summary>
    /// How far behind its entity's newest event an event may arrive and still count, and a request still get the
    /// features exactly as of its own time; default 5 minutes. Windows keep their values this much longer than their
    /// length, so memory grows with the events an entity has within the lateness.
    /// </summary>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>What happens to events older than that; default <see cref="LateEventPolicy.Drop"/>.</summary>
    public LateEventPolicy LatePolicy { get; set; } = LateEventPolicy.Drop;

    /// <summary>
    /// The event's id, for dropping duplicates (a replayed or re-delivered event); null (the default) to keep every
    /// event. Ids are remembered per entity for the lateness horizon.
    /// </summary>
    public Func<object, string?>? EventId { get; set; }

    internal FeatureEngineOptions Clone() => (FeatureEngineOptions)MemberwiseClone();

    internal void Validate()
    {
        if (AllowedLateness < TimeSpan.Zero)
        {
            throw new ArgumentException($"AllowedLateness cannot be negative ({AllowedLateness}).", nameof(AllowedLateness));
        }

        if (!Enum.IsDefined(LatePolicy))
        {
            throw new ArgumentException($"Unknown late-event policy {LatePolicy}.", nameof(LatePolicy));
        }
    }
}
