namespace MlSystems.Features;

/// <summary>Hopping and tumbling windows for every entity of a shard: a <see cref="HoppingAggregator"/> per entity, made on its first value.</summary>
internal sealed class HoppingColumn(Aggregation aggregation, FeatureWindow window, double empty) : WindowColumn
{
    private HoppingAggregator?[] aggregators = [];

    public override void Resize(int capacity) => Array.Resize(ref aggregators, capacity);

    public override void Reset(int entity) => aggregators[entity] = null;

    public override bool Add(int entity, long ticks, double value, long horizon) =>
        (aggregators[entity] ??= new HoppingAggregator(window)).Add(ticks, value, horizon);

    public override void Save(int entity, SnapshotWriter writer)
    {
        HoppingAggregator? aggregator = aggregators[entity];
        writer.WriteBoolean(aggregator is not null);
        aggregator?.Save(writer);
    }

    public override void Load(int entity, SnapshotReader reader)
    {
        if (reader.ReadBoolean())
        {
            (aggregators[entity] = new HoppingAggregator(window)).Load(reader);
        }
    }

    public override double Read(int entity, long ticks, bool withinLateness) =>
        (aggregators[entity]?.Read(ticks) ?? AggregateState.Empty).Value(aggregation, empty);
}
