namespace MlSystems.Features;

/// <summary>The number of values in the window: the ring's count, so the state is empty.</summary>
internal readonly struct CountOperator : IWindowOperator<byte>
{
    public static byte Of(double value) => 0;

    public static byte Combine(in byte older, int olderCount, in byte newer, int newerCount) => 0;

    public static double Value(in byte state, int count, double empty) => count;
}
