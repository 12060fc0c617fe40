namespace MlSystems.Features;

/// <summary>
/// The mergeable summary behind every window aggregation: count, sum, mean and M2 (Chan's parallel update, so variance
/// stays accurate however many parts are merged), min and max.
/// </summary>
internal readonly struct AggregateState
{
    public static readonly AggregateState Empty = new(0, 0, 0, 0, double.PositiveInfinity, double.NegativeInfinity);

    private AggregateState(long count, double sum, double mean, double m2, double min, double max)
    {
        Count = count;
        Sum = sum;
        Mean = mean;
        M2 = m2;
        Min = min;
        Max = max;
    }

    public long Count { get; }

    public double Sum { get; }

    public double Mean { get; }

    public double M2 { get; }

    public double Min { get; }

    public double Max { get; }

    public static AggregateState Of(double value) => new(1, value, value, 0, value, value);

    /// <summary>The summary of <paramref name="older"/> followed by <paramref name="newer"/>; the same operands in the same order give the same bits.</summary>
    public static AggregateState Combine(in AggregateState older, in AggregateState newer)
    {
        if (older.Count == 0)
        {
            return newer;
        }

        if (newer.Count == 0)
        {
            return older;
        }

        Moments moments = MomentsMerge.Combine(new Moments(older.Mean, older.M2), older.Count, new Moments(newer.Mean, newer.M2), newer.Count);
        return new AggregateState(older.Count + newer.Count, older.Sum + newer.Sum, moments.Mean, moments.M2, Math.Min(older.Min, newer.Min), Math.Max(older.Max, newer.Max));
    }

    /// <summary>Writes every field's bits.</summary>
    public void Save(SnapshotWriter writer)
    {
        writer.WriteInt64(Count);
        writer.WriteDouble(Sum);
        writer.WriteDouble(Mean);
        writer.WriteDouble(M2);
        writer.WriteDouble(Min);
        writer.WriteDouble(Max);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public static AggregateState Load(SnapshotReader reader)
    {
        long count = reader.ReadInt64();
        if (count < 0)
        {
            throw SnapshotReader.Corrupt($"a window summary counts {count} values");
        }

        return new AggregateState(count, reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
    }

    /// <summary>The aggregation's value; an empty window gives 0 for count and sum and <paramref name="empty"/> otherwise.</summary>
    public double Value(Aggregation aggregation, double empty) => aggregation switch
    {
        Aggregation.Count => Count,
        Aggregation.Sum => Sum,
        _ when Count == 0 => empty,
        Aggregation.Mean => Mean,
        Aggregation.Variance => Count > 1 ? M2 / (Count - 1) : 0,
        Aggregation.Min => Min,
        _ => Max,
    };
}
