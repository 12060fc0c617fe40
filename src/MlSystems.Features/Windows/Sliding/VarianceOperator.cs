namespace MlSystems.Features;

/// <summary>The window's sample variance (n − 1) from Chan's merge of M2; 0 for one value, <c>empty</c> when empty.</summary>
internal readonly struct VarianceOperator : IWindowOperator<Moments>
{
    public static Moments Of(double value) => new(value, 0);

    public static Moments Combine(in Moments older, int olderCount, in Moments newer, int newerCount) => MomentsMerge.Combine(older, olderCount, newer, newerCount);

    public static double Value(in Moments state, int count, double empty) => count switch
    {
        0 => empty,
        1 => 0,
        _ => state.M2 / (count - 1),
    };
}
