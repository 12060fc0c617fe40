using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// Run-time choice of register width. Kernels are written once per width; this picks the widest one the
/// hardware accelerates that does not exceed the width a kernel prefers.
/// </summary>
internal static class VectorWidths
{
    /// <summary>
    /// Preferred widths per kernel, measured on AMD Zen 4 (benchmarks/README.md). Zen 4 executes 512-bit operations
    /// as two 256-bit halves: the moments kernel, bound by its add/FMA chains, is fastest at 256 bits, while bin
    /// counting, bound by compare-and-count throughput, gains from the halved instruction count at 512.
    /// </summary>
    public const VectorWidth Aggregation = VectorWidth.Bits256;
    public const VectorWidth Moments = VectorWidth.Bits256;
    public const VectorWidth BinCounting = VectorWidth.Bits512;
    public const VectorWidth NaNCounting = VectorWidth.Bits256;

    public static VectorWidth Resolve(VectorWidth preferred)
    {
        if (preferred >= VectorWidth.Bits512 && Vector512.IsHardwareAccelerated)
        {
            return VectorWidth.Bits512;
        }

        if (preferred >= VectorWidth.Bits256 && Vector256.IsHardwareAccelerated)
        {
            return VectorWidth.Bits256;
        }

        if (preferred >= VectorWidth.Bits128 && Vector128.IsHardwareAccelerated)
        {
            return VectorWidth.Bits128;
        }

        return VectorWidth.Scalar;
    }
}
