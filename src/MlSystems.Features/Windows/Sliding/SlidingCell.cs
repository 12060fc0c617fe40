using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// One entity's sliding window in exactly one cache line. Most entities hold a few events per window, and then the
/// window lives here: up to <see cref="SlidingPoints.Capacity"/> values in <see cref="EventTime.Precedes"/> order, folded on read. A busier
/// window spills into the entity's <see cref="SlidingRing{TOperator, TState}"/>, which keeps its folds for O(1) reads.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
internal struct SlidingCell
{
    /// <summary>The oldest time the window still holds: values before it have been released, and an event before it can no longer count.</summary>
    public long Floor;

    /// <summary>The values held in <see cref="Points"/> (0 while spilled).</summary>
    public int Count;

    /// <summary>Whether the window is in the entity's ring rather than in <see cref="Points"/>.</summary>
    public bool Spilled;

    public SlidingPoints Points;
}
