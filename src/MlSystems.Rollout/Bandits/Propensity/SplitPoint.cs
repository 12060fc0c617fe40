namespace MlSystems.Rollout;

/// <summary>
/// A point the win-probability quadrature splits at, with its distance to 1 carried separately: near 1 a Beta
/// posterior's density depends on 1 − x, which the point itself can no longer hold to full precision.
/// </summary>
/// <param name="X">The point.</param>
/// <param name="Complement">1 − <paramref name="X"/>, computed without cancellation where it matters.</param>
internal readonly record struct SplitPoint(double X, double Complement) : IComparable<SplitPoint>
{
    /// <summary>A point whose complement has no special meaning (an unbounded family such as the normal).</summary>
    public static SplitPoint At(double x) => new(x, 1 - x);

    /// <inheritdoc/>
    // Ties in X (two points within an ulp of 1) are ordered by the complement, the finer of the two coordinates there.
    public int CompareTo(SplitPoint other) => X != other.X ? X.CompareTo(other.X) : other.Complement.CompareTo(Complement);
}
