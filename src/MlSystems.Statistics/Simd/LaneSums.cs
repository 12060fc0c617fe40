namespace MlSystems.Statistics.Simd;

/// <summary>Floating-point sums whose result does not depend on the register width: <see cref="LaneAccumulation"/> over its operators.</summary>
internal static class LaneSums
{
    /// <summary>Σ x over <paramref name="values"/>; NaN and infinities propagate as in IEEE arithmetic.</summary>
    public static double Sum(ReadOnlySpan<double> values, VectorWidth width) =>
        LaneAccumulation.Run(values, default(SumOperator), width).First;

    /// <summary>Σ (x − shift) and Σ (x − shift)² in one pass, the squares accumulated with fused multiply-add.</summary>
    public static (double Linear, double Squares) ShiftedSums(ReadOnlySpan<double> values, double shift, VectorWidth width) =>
        LaneAccumulation.Run(values, new ShiftedSquaresOperator(shift), width);
}
