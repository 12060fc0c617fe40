namespace MlSystems.Rollout;

/// <summary>
/// Independent posteriors, one per arm, in the form <see cref="WinProbabilities"/> integrates: a log density up to a
/// per-arm constant the integration normalises away, and the points where the density changes shape.
/// </summary>
internal abstract class ArmPosteriors
{
    /// <summary>The number of arms.</summary>
    public abstract int Count { get; }

    /// <summary>The smallest of the arms' standard deviations: the scale the panel split points are thinned to.</summary>
    public abstract double SmallestDeviation { get; }

    /// <summary>Whether the support is [0, 1], where a point's complement (not the point) carries the precision near 1.</summary>
    public abstract bool HasUnitSupport { get; }

    /// <summary>
    /// Adds the points the quadrature must split at: a few per arm, scaled by its spread. Beyond the outermost points
    /// every arm's mass is negligible, unless an arm's bulk reaches an end of a bounded support: then the points are
    /// graded towards that end and the piece between the last point and the end is closed by <see cref="LogMassNear0"/>
    /// or <see cref="LogMassNear1"/>.
    /// </summary>
    /// <param name="points">The list to add to, in any order.</param>
    /// <returns>Whether the pieces at 0 and at 1 need closing.</returns>
    public abstract (bool Near0, bool Near1) AddSplitPoints(List<SplitPoint> points);

    /// <summary>Writes every arm's log density at the nodes: <c>logDensity[arm * nodes.Length + i]</c>.</summary>
    /// <param name="x">The nodes.</param>
    /// <param name="complement">1 − x at each node, exact near 1.</param>
    /// <param name="logDensity">The output.</param>
    public abstract void LogDensities(ReadOnlySpan<double> x, ReadOnlySpan<double> complement, Span<double> logDensity);

    /// <summary>
    /// The largest log density any arm reaches on [<paramref name="left"/>, <paramref name="right"/>]: each family's
    /// density has at most one stationary point, so the ends and that point bound it. Lets the far tails' panels be
    /// skipped without evaluating the density at every node.
    /// </summary>
    public abstract double LargestLogDensity(SplitPoint left, SplitPoint right);

    /// <summary>The log of an arm's mass on [0, <paramref name="x"/>] for a tiny x (on the scale of <see cref="LogDensities"/>).</summary>
    public virtual double LogMassNear0(int arm, double x) => throw new NotSupportedException();

    /// <summary>The exponent α with which an arm's mass near 0 grows, as x^α.</summary>
    public virtual double ExponentNear0(int arm) => throw new NotSupportedException();

    /// <summary>The log of an arm's mass on [1 − <paramref name="complement"/>, 1] for a tiny complement.</summary>
    public virtual double LogMassNear1(int arm, double complement) => throw new NotSupportedException();
}
