using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// One entity's sliding window in exactly one cache line. Most entities hold a few events per window, and then the
/// window lives here: up to <see cref="SlidingPoints.Capacity"/> values, oldest first, aggregated on read. A busier
/// window spills into the entity's <see cref="SlidingRing{TOperator, TState}"/>, a two-stack queue with O(1) reads.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
internal struct SlidingCell
{
    /// <summary>The newest event time evicted so far: an event at or before it can no longer count.</summary>
    public long EvictedUpTo;

    /// <summary>The values held in <see cref="Points"/> (0 while spilled).</summary>
    public int Count;

    /// <summary>Whether the window is in the entity's ring rather than in <see cref="Points"/>.</summary>
    public bool Spilled;

    public SlidingPoints Points;
}
