namespace MlSystems.Features;

/// <summary>
/// A sliding window as a two-stack queue: new events go on the back stack with a running summary; when the oldest
/// must leave and the front stack is empty, the back is flipped onto the front with suffix summaries. Every event is
/// pushed and popped once, so updates are O(1) amortised, and min and max stay exact as events leave (a running
/// min cannot be "un-added"; a suffix summary needs no un-adding).
/// </summary>
/// <remarks>
/// At time t the window holds t − length &lt; timestamp ≤ t. Events that have left the window as of the newest event
/// are evicted on every add too, so an entity that is written but never read keeps only a window's worth of events.
/// An event older than the newest one is placed in order by rebuilding the stacks (O(window), out-of-order events only).
/// </remarks>
internal sealed class SlidingAggregator : IWindowAggregator
{
    private readonly long length;
    private Front[] front = [];
    private int frontCount;
    private Back[] back = [];
    private int backStart;
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
        Evict(ticks - length);
        if (backStart + backCount == back.Length)
        {
            Grow();
        }

        back[backStart + backCount++] = new Back(ticks, value);
        backSummary = AggregateState.Combine(backSummary, AggregateState.Of(value));
        return true;
    }

    public AggregateState Read(long ticks)
    {
        Evict(ticks - length);
        return frontCount == 0 ? backSummary : AggregateState.Combine(front[frontCount - 1].Summary, backSummary);
    }

    private void Evict(long cutoff)
    {
        while (true)
        {
            if (frontCount == 0)
            {
                if (backCount == 0 || back[backStart].Ticks > cutoff)
                {
                    return;
                }

                Flip();
            }

            if (front[frontCount - 1].Ticks > cutoff)
            {
                return;
            }

            evictedUpTo = Math.Max(evictedUpTo, front[--frontCount].Ticks);
        }
    }

    /// <summary>Moves the back stack onto the front, newest at the bottom, each entry summarising itself and everything newer.</summary>
    private void Flip()
    {
        if (front.Length < backCount)
        {
            front = new Front[Math.Max(backCount, front.Length * 2)];
        }

        AggregateState suffix = AggregateState.Empty;
        frontCount = 0;
        for (int i = backStart + backCount - 1; i >= backStart; i--)
        {
            suffix = AggregateState.Combine(AggregateState.Of(back[i].Value), suffix);
            front[frontCount++] = new Front(back[i].Ticks, back[i].Value, suffix);
        }

        (backStart, backCount) = (0, 0);
        backSummary = AggregateState.Empty;
    }

    private void Grow()
    {
        // Compact first: the back stack's start moves up as flips empty it.
        if (backStart > 0)
        {
            Array.Copy(back, backStart, back, 0, backCount);
            backStart = 0;
            if (backCount < back.Length)
            {
                return;
            }
        }

        Array.Resize(ref back, Math.Max(4, back.Length * 2));
    }

    private void Rebuild(long ticks, double value)
    {
        // Oldest first: the front stack top-down, then the back stack bottom-up.
        var all = new List<Back>(frontCount + backCount + 1);
        for (int i = frontCount - 1; i >= 0; i--)
        {
            all.Add(new Back(front[i].Ticks, front[i].Value));
        }

        all.AddRange(back.AsSpan(backStart, backCount));
        all.Insert(all.FindLastIndex(e => e.Ticks <= ticks) + 1, new Back(ticks, value));
        (frontCount, backStart, backCount, backSummary) = (0, 0, 0, AggregateState.Empty);
        if (back.Length < all.Count)
        {
            back = new Back[Math.Max(4, all.Count * 2)];
        }

        foreach (Back e in all)
        {
            back[backCount++] = e;
            backSummary = AggregateState.Combine(backSummary, AggregateState.Of(e.Value));
        }
    }

    private readonly record struct Back(long Ticks, double Value);

    private readonly record struct Front(long Ticks, double Value, AggregateState Summary);
}
