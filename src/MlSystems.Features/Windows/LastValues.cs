namespace MlSystems.Features;

/// <summary>The last N values by event time, newest first; an out-of-order event is placed at its time.</summary>
internal sealed class LastValues
{
    private readonly long[] ticks;
    private readonly double[] values;
    private int count;

    public LastValues(int capacity)
    {
        ticks = new long[capacity];
        values = new double[capacity];
    }

    /// <returns>False when the event is older than all N values held.</returns>
    public bool Add(long at, double value)
    {
        // Newest first: find the insertion point, shift the older ones down, drop the oldest when full.
        int position = 0;
        while (position < count && ticks[position] > at)
        {
            position++;
        }

        if (position == ticks.Length)
        {
            return false;
        }

        int last = Math.Min(count, ticks.Length - 1);
        for (int i = last; i > position; i--)
        {
            ticks[i] = ticks[i - 1];
            values[i] = values[i - 1];
        }

        ticks[position] = at;
        values[position] = value;
        count = Math.Min(count + 1, ticks.Length);
        return true;
    }

    public void Write(Span<double> destination, double empty)
    {
        values.AsSpan(0, count).CopyTo(destination);
        destination[count..].Fill(empty);
    }
}
