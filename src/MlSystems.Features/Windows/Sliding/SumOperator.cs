namespace MlSystems.Features;

/// <summary>The window's sum; 0 when empty.</summary>
internal readonly struct SumOperator : IWindowOperator<double>
{
    public static double Of(double value) => value;

    public static double Combine(in double older, int olderCount, in double newer, int newerCount) => older + newer;

    public static double Value(in double state, int count, double empty) => count == 0 ? 0 : state;
}
