namespace MlSystems.Features;

/// <summary>Values waiting for their place to be final, in <see cref="EventTime.Precedes"/> order: added anywhere (near the end), removed oldest first.</summary>
internal sealed class PendingValues
{
    private SlidingPoint[] points = new SlidingPoint[4];
    private int head;

    public int Count { get; private set; }

    /// <summary>The values held, in order.</summary>
    public ReadOnlySpan<SlidingPoint> Held => points.AsSpan(head, Count);

    /// <summary>The time of the oldest value; only with <see cref="Count"/> &gt; 0.</summary>
    public long OldestTicks => points[head].Ticks;

    public void Add(long ticks, double value)
    {
        if (head + Count == points.Length)
        {
            SlidingPoint[] target = Count * 2 > points.Length ? new SlidingPoint[points.Length * 2] : points;
            Array.Copy(points, head, target, 0, Count);
            (points, head) = (target, 0);
        }

        int position = head + Count;
        for (; position > head && EventTime.Precedes(ticks, value, points[position - 1].Ticks, points[position - 1].Value); position--)
        {
            points[position] = points[position - 1];
        }

        points[position] = new SlidingPoint { Ticks = ticks, Value = value };
        Count++;
    }

    public SlidingPoint RemoveOldest()
    {
        SlidingPoint oldest = points[head];
        Count--;
        head = Count == 0 ? 0 : head + 1;
        return oldest;
    }
}
