namespace MlSystems.Features;

/// <summary>The window's minimum, exact as values leave (IEEE minimum: −0 below +0); <c>empty</c> when empty.</summary>
internal readonly struct MinOperator : IWindowOperator<double>
{
    public static double Of(double value) => value;

    public static double Combine(in double older, int olderCount, in double newer, int newerCount) => Math.Min(older, newer);

    public static double Value(in double state, int count, double empty) => count == 0 ? empty : state;
}
