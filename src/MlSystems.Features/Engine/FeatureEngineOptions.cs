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

    /// <summary>
    /// How long an entity's state is kept after its newest event; null (the default) keeps every entity ever seen, so
    /// memory grows with the number of distinct keys. With a value, an entity whose newest event is at least this long
    /// before a request or a new event reads and ingests as one never seen, and its state is released (counted in
    /// <see cref="FeatureEngineCounters.Released"/>) once the shard's newest event is this plus
    /// <see cref="AllowedLateness"/> past it; memory then holds only the entities active within that span.
    /// </summary>
    /// <remarks>
    /// It must cover every window (at least its length plus its hop, a tick for a sliding window), so an expired entity's
    /// windows would be empty anyway and releasing it changes no window value. Last-value features are not windowed: with
    /// a time to live they forget an entity's values once it expires. A request more than the time to live and the lateness
    /// behind the newest event of a released entity's shard reads as for an entity never seen.
    /// </remarks>
    public TimeSpan? EntityTimeToLive { get; set; }

    internal FeatureEngineOptions Clone() => (FeatureEngineOptions)MemberwiseClone();

    /// <summary>Why these options cannot run <paramref name="features"/>, or null when they can.</summary>
    internal string? ProblemWith<TEvent>(FeatureSet<TEvent> features)
    {
        if (EntityTimeToLive is TimeSpan ttl)
        {
            foreach ((string feature, FeatureWindow window) in features.Windows.Select(w => (w.Name, w.Window)).Concat(features.Distincts.Select(d => (features.Columns[d.Index].Name, d.Window))))
            {
                if (ttl < window.Length + window.Hop)
                {
                    return $"EntityTimeToLive ({ttl}) is shorter than the window of feature '{feature}' ({window.Length} plus a hop of {window.Hop}): an entity released while its window still held values would change the feature.";
                }
            }
        }

        return null;
    }

    internal void Validate()
    {
        if (AllowedLateness < TimeSpan.Zero)
        {
            throw new ArgumentException($"AllowedLateness cannot be negative ({AllowedLateness}).", nameof(AllowedLateness));
        }

        if (EntityTimeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentException($"EntityTimeToLive must be positive ({EntityTimeToLive}); null keeps entities forever.", nameof(EntityTimeToLive));
        }

        if (!Enum.IsDefined(LatePolicy))
        {
            throw new ArgumentException($"Unknown late-event policy {LatePolicy}.", nameof(LatePolicy));
        }
    }
}
