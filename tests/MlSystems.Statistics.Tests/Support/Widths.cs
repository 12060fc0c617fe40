using MlSystems.Statistics.Simd;

namespace MlSystems.Statistics.Tests.Support;

/// <summary>The register widths this machine can run, for comparing every vector path with the scalar one.</summary>
internal static class Widths
{
    public static IEnumerable<VectorWidth> Supported =>
        new[] { VectorWidth.Bits128, VectorWidth.Bits256, VectorWidth.Bits512 }.Where(VectorWidths.IsSupported);

    /// <summary>True when both are the same double, bit for bit (so −0 differs from +0 and NaN equals NaN).</summary>
    public static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b)
        || (double.IsNaN(a) && double.IsNaN(b));
}
