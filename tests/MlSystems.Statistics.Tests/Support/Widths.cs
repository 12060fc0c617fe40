using MlSystems.Statistics.Simd;

namespace MlSystems.Statistics.Tests.Support;

/// <summary>Every register width, for comparing every vector path with the scalar one.</summary>
/// <remarks>
/// A width the hardware does not accelerate still runs, in software (Vector512 on an AVX2 machine, say): slower, with
/// the same results, so every path is checked on every machine. Which path the kernels pick at run time is checked
/// separately, by the CI passes with AVX-512 off (DOTNET_EnableAVX512=0) and AVX2 off (DOTNET_EnableAVX2=0).
/// </remarks>
internal static class Widths
{
    public static IEnumerable<VectorWidth> All => [VectorWidth.Bits128, VectorWidth.Bits256, VectorWidth.Bits512];

    /// <summary>True when both are the same double, bit for bit (so −0 differs from +0 and NaN equals NaN).</summary>
    public static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b)
        || (double.IsNaN(a) && double.IsNaN(b));
}
