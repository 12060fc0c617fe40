namespace MlSystems.Features;

/// <summary>
/// The last N values before a time, newest first, in <see cref="EventTime.Precedes"/> order (at one instant the larger
/// value counts as the later one); an out-of-order event is placed at its time.
/// </summary>
/// <remarks>
/// Keeps every value within the allowed lateness of the newest event and the N newest before that, so a read at any
/// time within the lateness sees exactly the values as of that time.
/// </remarks>
internal sealed class LastValues
{
    private readonly int capacity;
    private OrderedBuffer<SlidingPoint> held = new();

    public LastValues(int capacity) => this.capacity = capacity;

    /// <param name="at">The event time.</param>
    /// <param name="value">The value.</param>
    /// <param name="horizon">The entity's newest event time less the allowed lateness, this event included.</param>
    /// <returns>False when the event is older than every value a read within the lateness can still see.</returns>
    public bool Add(long at, double value, long horizon)
    {
        ReadOnlySpan<SlidingPoint> points = held.Held;
        int before = Before(points, horizon);
        if (at < horizon && before >= capacity && EventTime.Precedes(at, value, points[0].Ticks, points[0].Value))
        {
            return false;
        }

        held.Add(new SlidingPoint { Ticks = at, Value = value });
        for (before += at < horizon ? 1 : 0; before > capacity; before--)
        {
            held.RemoveOldest();
        }

        return true;
    }

    /// <summary>Writes the last values before <paramref name="ticks"/>, newest first, then <paramref name="empty"/>.</summary>
    public void Write(Span<double> destination, long ticks, double empty)
    {
        ReadOnlySpan<SlidingPoint> points = held.Held;
        int end = points.Length;
        while (end > 0 && points[end - 1].Ticks >= ticks)
        {
            end--;
        }

        int written = 0;
        for (int k = end - 1; k >= 0 && written < destination.Length; k--)
        {
            destination[written++] = points[k].Value;
        }

        destination[written..].Fill(empty);
    }

    /// <summary>Writes the values held.</summary>
    public void Save(SnapshotWriter writer) => writer.WritePoints(held.Held);

    /// <summary>Takes what <see cref="Save"/> wrote into new last values of the same count.</summary>
    public void Load(SnapshotReader reader)
    {
        foreach (SlidingPoint point in reader.ReadPoints(SnapshotLimits.MaxWindowValues))
        {
            held.Add(point);
        }
    }

    /// <summary>How many values are before <paramref name="horizon"/>.</summary>
    private static int Before(ReadOnlySpan<SlidingPoint> points, long horizon)
    {
        int count = 0;
        while (count < points.Length && points[count].Ticks < horizon)
        {
            count++;
        }

        return count;
    }
}
