namespace MlSystems.Features;

/// <summary>The window's mean, merged with Chan's update; <c>empty</c> when empty.</summary>
internal readonly struct MeanOperator : IWindowOperator<Moments>
{
    public static Moments Of(double value) => new(value, 0);

    public static Moments Combine(in Moments older, int olderCount, in Moments newer, int newerCount) => MomentsMerge.Combine(older, olderCount, newer, newerCount);

    public static double Value(in Moments state, int count, double empty) => count == 0 ? empty : state.Mean;
}
