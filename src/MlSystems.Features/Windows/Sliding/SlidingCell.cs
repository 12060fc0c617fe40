using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// One entity's sliding window in exactly one cache line. Most entities hold a few events per window, and then the
/// window lives here: up to <see cref="SlidingPoints.Capacity"/> values in <see cref="EventTime.Precedes"/> order, folded on read. A busier
/// window spills into the entity's <see cref="SlidingRing{TOperator, TState}"/> entries, which keep their folds for O(1)
/// reads, and the bytes of the points then hold the ring's <see cref="SlidingRingHeader"/>.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct SlidingCell
{
    /// <summary>The oldest time the window still holds: values before it have been released, and an event before it can no longer count.</summary>
    [FieldOffset(0)]
    public long Floor;

    /// <summary>The values held in <see cref="Points"/> (0 while spilled).</summary>
    [FieldOffset(8)]
    public int Count;

    /// <summary>Whether the window is in the entity's ring, described by <see cref="Ring"/>, rather than in <see cref="Points"/>.</summary>
    [FieldOffset(12)]
    public bool Spilled;

    /// <summary>The values of a small window; meaningless while <see cref="Spilled"/>.</summary>
    [FieldOffset(16)]
    public SlidingPoints Points;

    /// <summary>The ring's bookkeeping while <see cref="Spilled"/>; the same bytes as <see cref="Points"/>.</summary>
    [FieldOffset(16)]
    public SlidingRingHeader Ring;
}
