namespace MlSystems.Features;

/// <summary>
/// One window feature's state for every entity of an engine shard, indexed by the shard's entity number. Entity-indexed
/// storage instead of an object per entity: the ingest path is bound by memory latency, and this keeps an event's state
/// a computed address away from its entity number, where it can be prefetched.
/// </summary>
internal abstract class WindowColumn
{
    /// <summary>Makes room for entity numbers below <paramref name="capacity"/>, keeping what is held.</summary>
    public abstract void Resize(int capacity);

    /// <summary>Drops what the column holds for an entity beyond its cell (the shard resets the cells), as if never seen.</summary>
    public abstract void Reset(int entity);

    /// <summary>Adds a value at <paramref name="ticks"/> (event time, ticks since the Unix epoch) to an entity's window.</summary>
    /// <param name="entity">The entity number.</param>
    /// <param name="ticks">The event time.</param>
    /// <param name="value">The value, finite.</param>
    /// <param name="horizon">The entity's newest event time less the allowed lateness, this event included: reads from it on must stay exact.</param>
    /// <returns>False when the event is older than anything the window still holds and so can no longer count.</returns>
    public abstract bool Add(int entity, long ticks, double value, long horizon);

    /// <summary>
    /// Starts loading what <see cref="Add"/> will touch for an entity beyond its cells (a busy window's newest and oldest
    /// values), once the cells themselves are in cache; nothing by default.
    /// </summary>
    public virtual void Prefetch(int entity)
    {
    }

    /// <summary>Entities whose state lies beyond their cells (see <see cref="Prefetch"/>); 0 by default.</summary>
    public virtual int Busy => 0;

    /// <summary>The feature's value for an entity as of <paramref name="ticks"/>: the events before that time, none at it.</summary>
    /// <param name="entity">The entity number.</param>
    /// <param name="ticks">The time read at.</param>
    /// <param name="withinLateness">Whether the time is at or after the entity's horizon, where the window as of then is still held whole.</param>
    public abstract double Read(int entity, long ticks, bool withinLateness);

    /// <summary>Writes what the column holds for an entity, in a form that does not depend on how it is held.</summary>
    public abstract void Save(int entity, SnapshotWriter writer);

    /// <summary>Takes what <see cref="Save"/> wrote for an entity with no state yet.</summary>
    /// <exception cref="InvalidDataException">What was read cannot be this column's state.</exception>
    public abstract void Load(int entity, SnapshotReader reader);

    /// <summary>The columns of a feature set's window features, in order, with the cell store their sliding windows share.</summary>
    public static WindowColumn[] CreateAll<TEvent>(WindowFeature<TEvent>[] features, out SlidingCellStore cells)
    {
        cells = new SlidingCellStore(features.Count(f => f.Window.Kind == WindowKind.Sliding));
        var columns = new WindowColumn[features.Length];
        int sliding = 0;
        for (int i = 0; i < features.Length; i++)
        {
            WindowFeature<TEvent> f = features[i];
            columns[i] = f.Window.Kind == WindowKind.Sliding
                ? CreateSliding(f.Aggregation, f.Window.Length.Ticks, f.EmptyValue, cells, sliding++)
                : new HoppingColumn(f.Aggregation, f.Window, f.EmptyValue);
        }

        return columns;
    }

    private static WindowColumn CreateSliding(Aggregation aggregation, long length, double empty, SlidingCellStore cells, int window) => aggregation switch
    {
        Aggregation.Count => new SlidingColumn<CountOperator, byte>(length, empty, cells, window),
        Aggregation.Sum => new SlidingColumn<SumOperator, double>(length, empty, cells, window),
        Aggregation.Mean => new SlidingColumn<MeanOperator, Moments>(length, empty, cells, window),
        Aggregation.Variance => new SlidingColumn<VarianceOperator, Moments>(length, empty, cells, window),
        Aggregation.Min => new SlidingColumn<MinOperator, double>(length, empty, cells, window),
        _ => new SlidingColumn<MaxOperator, double>(length, empty, cells, window),
    };
}
