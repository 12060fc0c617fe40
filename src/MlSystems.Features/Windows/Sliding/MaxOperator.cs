namespace MlSystems.Features;

/// <summary>The window's maximum, exact as values leave (IEEE maximum: +0 above −0); <c>empty</c> when empty.</summary>
internal readonly struct MaxOperator : IWindowOperator<double>
{
    public static double Of(double value) => value;

    public static double Combine(in double older, int olderCount, in double newer, int newerCount) => Math.Max(older, newer);

    public static double Value(in double state, int count, double empty) => count == 0 ? empty : state;
}
