using System.Runtime.CompilerServices;

namespace MlSystems.Features;

/// <summary>The values of a small sliding window, in event order, stored in the cell itself.</summary>
[InlineArray(Capacity)]
internal struct SlidingPoints
{
    /// <summary>The most values a cell holds before its window moves to a <see cref="SlidingRing{TOperator, TState}"/>.</summary>
    public const int Capacity = 3;

    private SlidingPoint first;
}
