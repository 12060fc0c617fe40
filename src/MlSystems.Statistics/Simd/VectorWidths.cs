using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// Run-time choice of register width. Kernels are written once per width; this picks the widest one the
/// hardware accelerates that does not exceed the width a kernel prefers.
/// </summary>
internal static class VectorWidths
{
    /// <summary>
    /// Preferred widths per kernel, from benchmarks/README.md. On AMD Zen 4, 512-bit operations are split
    /// into two 256-bit halves, so 256 bits usually wins for loops that are not purely load-bound.
    /// </summary>
    public const VectorWidth Aggregation = VectorWidth.Bits256;
    public const VectorWidth Moments = VectorWidth.Bits256;
    public const VectorWidth BinCounting = VectorWidth.Bits256;
    public const VectorWidth NaNCounting = VectorWidth.Bits256;

    public static bool IsSupported(VectorWidth width) => width switch
    {
        VectorWidth.Scalar => true,
        VectorWidth.Bits128 => Vector128.IsHardwareAccelerated,
        VectorWidth.Bits256 => Vector256.IsHardwareAccelerated,
        VectorWidth.Bits512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

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
