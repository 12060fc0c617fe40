namespace MlSystems.Features;

/// <summary>
/// A sliding window as a two-stack queue: new events go on the back stack with a running summary; when the oldest
/// must leave and the front stack is empty, the back is flipped onto the front with suffix summaries. Every event is
/// pushed and popped once, so updates are O(1) amortised, and min and max stay exact as events leave (a running
/// min cannot be "un-added"; a suffix summary needs no un-adding).
/// </summary>
/// <remarks>At time t the window holds t − length &lt; timestamp ≤ t. An event older than the newest one is placed in
/// order by rebuilding the stacks (O(window), only for out-of-order events).</remarks>
internal sealed class SlidingAggregator : IWindowAggregator
{
    private readonly long length;
    private Entry[] front = new Entry[4];
    private int frontCount;
    private Entry[] back = new Entry[4];
    private int backCount;
    private AggregateState backSummary = AggregateState.Empty;
    private long newest = long.MinValue;
    private long evictedUpTo = long.MinValue;

    public SlidingAggregator(TimeSpan length) => this.length = length.Ticks;

    public bool Add(long ticks, double value)
    {
        if (ticks <= evictedUpTo)
        {
            return false;
        }

        if (ticks < newest)
        {
            Rebuild(ticks, value);
            return true;
        }

        newest = ticks;
        Push(ref back, ref backCount, new Entry(ticks, value, AggregateState.Of(value)));
        backSummary = AggregateState.Combine(backSummary, AggregateState.Of(value));
        return true;
    }

    public AggregateState Read(long ticks)
    {
        long cutoff = ticks - length;
        while (Oldest() is long oldest && oldest <= cutoff)
        {
            if (frontCount == 0)
            {
                Flip();
            }

            frontCount--;
            evictedUpTo = Math.Max(evictedUpTo, oldest);
        }

        return frontCount == 0 ? backSummary : AggregateState.Combine(front[frontCount - 1].Summary, backSummary);
    }

    private long? Oldest() => frontCount > 0 ? front[frontCount - 1].Ticks : backCount > 0 ? back[0].Ticks : null;

    /// <summary>Moves the back stack onto the front, newest at the bottom, each entry summarising itself and everything newer.</summary>
    private void Flip()
    {
        AggregateState suffix = AggregateState.Empty;
        frontCount = 0;
        for (int i = backCount - 1; i >= 0; i--)
        {
            suffix = AggregateState.Combine(AggregateState.Of(back[i].Value), suffix);
            Push(ref front, ref frontCount, back[i] with { Summary = suffix });
        }

        backCount = 0;
        backSummary = AggregateState.Empty;
    }

    private void Rebuild(long ticks, double value)
    {
        // Oldest first: the front stack top-down, then the back stack bottom-up.
        var all = new List<Entry>(frontCount + backCount + 1);
        for (int i = frontCount - 1; i >= 0; i--)
        {
            all.Add(front[i]);
        }

        all.AddRange(back.AsSpan(0, backCount));
        int at = all.FindLastIndex(e => e.Ticks <= ticks) + 1;
        all.Insert(at, new Entry(ticks, value, AggregateState.Of(value)));
        (frontCount, backCount, backSummary) = (0, 0, AggregateState.Empty);
        foreach (Entry e in all)
        {
            Push(ref back, ref backCount, e);
            backSummary = AggregateState.Combine(backSummary, AggregateState.Of(e.Value));
        }
    }

    private static void Push(ref Entry[] stack, ref int count, Entry entry)
    {
        if (count == stack.Length)
        {
            Array.Resize(ref stack, stack.Length * 2);
        }

        stack[count++] = entry;
    }

    private readonly record struct Entry(long Ticks, double Value, AggregateState Summary);
}
