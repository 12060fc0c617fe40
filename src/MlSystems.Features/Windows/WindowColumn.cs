namespace MlSystems.Features;

/// <summary>
/// One window feature's state for every entity of an engine shard, indexed by the shard's entity number. Entity-indexed
/// arrays instead of an object per entity: the ingest path is bound by memory latency, and this keeps an event's state
/// one or two cache lines away from its entity number.
/// </summary>
internal abstract class WindowColumn
{
    /// <summary>Makes room for entity numbers below <paramref name="capacity"/>, keeping what is held.</summary>
    public abstract void Resize(int capacity);

    /// <summary>Adds a value at <paramref name="ticks"/> (event time, ticks since the Unix epoch) to an entity's window.</summary>
    /// <returns>False when the event is older than anything the window still holds and so can no longer count.</returns>
    public abstract bool Add(int entity, long ticks, double value);

    /// <summary>The feature's value for an entity as of <paramref name="ticks"/>.</summary>
    public abstract double Read(int entity, long ticks);

    /// <summary>Starts loading an entity's state into the cache ahead of <see cref="Add"/>.</summary>
    public abstract void Prefetch(int entity);

    /// <summary>The column for one window feature.</summary>
    public static WindowColumn Create(Aggregation aggregation, FeatureWindow window, double empty)
    {
        if (window.Kind != WindowKind.Sliding)
        {
            return new HoppingColumn(aggregation, window, empty);
        }

        long length = window.Length.Ticks;
        return aggregation switch
        {
            Aggregation.Count => new SlidingColumn<CountOperator, byte>(length, empty),
            Aggregation.Sum => new SlidingColumn<SumOperator, double>(length, empty),
            Aggregation.Mean => new SlidingColumn<MeanOperator, Moments>(length, empty),
            Aggregation.Variance => new SlidingColumn<VarianceOperator, Moments>(length, empty),
            Aggregation.Min => new SlidingColumn<MinOperator, double>(length, empty),
            _ => new SlidingColumn<MaxOperator, double>(length, empty),
        };
    }
}
