namespace MlSystems.Features;

/// <summary>
/// The batch executions of a <see cref="FeatureSet{TEvent}"/>, for training: they replay events through the same
/// <see cref="FeatureEngine{TEvent}"/> a serving host uses, so training and serving vectors are bit-identical.
/// </summary>
/// <remarks>
/// A vector as of time t counts an entity's events before t, none at t, and depends only on which events those are,
/// not on the order they arrived in. A vector served by <see cref="FeatureEngine{TEvent}.Compute"/> with
/// <see cref="ComputeOutcome.Exact"/> therefore equals this class's vector for the same event, bit for bit, whenever the
/// serving engine had ingested the same events before t: always when each entity's events arrive in time order, and
/// with late arrivals as long as every event that belongs before t arrived before the request and within the allowed
/// lateness (<see cref="IngestOutcome.Applied"/>). An event beyond the lateness is dropped, or under
/// <see cref="LateEventPolicy.Apply"/> folded into a hopping or tumbling window as it comes, which can change that
/// window's sums in the last bits.
/// </remarks>
public static class FeatureBatch
{
    /// <summary>
    /// Replays <paramref name="events"/> in event-time order through a fresh engine, writing each event's vector before
    /// ingesting it, as a serving host does per request: each vector holds the entity's events before the event's time
    /// (other events at the same instant do not count, in whatever order they are given).
    /// </summary>
    public static IReadOnlyList<(TEvent Event, double[] Vector)> Compute<TEvent>(FeatureSet<TEvent> features, IEnumerable<TEvent> events, FeatureEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(events);
        var engine = new FeatureEngine<TEvent>(features, options);
        var rows = new List<(TEvent, double[])>();
        foreach (TEvent e in events.OrderBy(features.EventTime))
        {
            double[] vector = new double[features.Width];
            engine.Compute(e, vector);
            engine.Ingest(e);
            rows.Add((e, vector));
        }

        return rows;
    }

    /// <summary>
    /// A point-in-time-correct training set: for each labelled event, the features as they were known at its time — the
    /// window features from the feature events strictly before the label's time (no leakage from the future; neither the
    /// labelled event itself nor any other event at its instant, exactly as serving computes them), the row features from
    /// the labelled event. Labelled events are not ingested as feature events.
    /// </summary>
    /// <param name="features">The definition.</param>
    /// <param name="featureEvents">The event history the windows aggregate.</param>
    /// <param name="labelled">The labelled events.</param>
    /// <param name="options">Event-time options; the defaults when null.</param>
    /// <returns>One row per labelled event, in the order given.</returns>
    public static IReadOnlyList<TrainingRow<TEvent>> TrainingSet<TEvent>(FeatureSet<TEvent> features, IEnumerable<TEvent> featureEvents, IEnumerable<LabelledEvent<TEvent>> labelled, FeatureEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(featureEvents);
        ArgumentNullException.ThrowIfNull(labelled);
        var engine = new FeatureEngine<TEvent>(features, options);
        LabelledEvent<TEvent>[] labels = [.. labelled];
        int[] order = [.. Enumerable.Range(0, labels.Length).OrderBy(i => features.EventTime(labels[i].Event))];
        var rows = new TrainingRow<TEvent>[labels.Length];
        using IEnumerator<TEvent> history = featureEvents.OrderBy(features.EventTime).GetEnumerator();
        bool more = history.MoveNext();
        foreach (int i in order)
        {
            DateTimeOffset at = features.EventTime(labels[i].Event);

            // Everything that happened before the label's moment is known then; nothing from that moment on is.
            while (more && features.EventTime(history.Current) < at)
            {
                engine.Ingest(history.Current);
                more = history.MoveNext();
            }

            double[] vector = new double[features.Width];
            engine.Compute(labels[i].Event, vector);
            rows[i] = new TrainingRow<TEvent>(labels[i].Event, vector, labels[i].Label);
        }

        return rows;
    }
}
