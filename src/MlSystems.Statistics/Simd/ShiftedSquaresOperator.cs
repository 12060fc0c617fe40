using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>With d = x − shift: first += d and second = fma(d, d, second), a fused multiply-add at every width.</summary>
internal readonly struct ShiftedSquaresOperator(double shift) : ILaneOperator
{
    public bool UsesSecond => true;

    // Broadcast once per call of the driver, not once per vector.
    private readonly Vector128<double> shift128 = Vector128.Create(shift);
    private readonly Vector256<double> shift256 = Vector256.Create(shift);
    private readonly Vector512<double> shift512 = Vector512.Create(shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double First, double Second) Invoke(double x, double first, double second)
    {
        double d = x - shift;
        return (first + d, Math.FusedMultiplyAdd(d, d, second));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector128<double> First, Vector128<double> Second) Invoke(Vector128<double> x, Vector128<double> first, Vector128<double> second)
    {
        Vector128<double> d = x - shift128;
        return (first + d, Vector128.FusedMultiplyAdd(d, d, second));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector256<double> First, Vector256<double> Second) Invoke(Vector256<double> x, Vector256<double> first, Vector256<double> second)
    {
        Vector256<double> d = x - shift256;
        return (first + d, Vector256.FusedMultiplyAdd(d, d, second));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<double> First, Vector512<double> Second) Invoke(Vector512<double> x, Vector512<double> first, Vector512<double> second)
    {
        Vector512<double> d = x - shift512;
        return (first + d, Vector512.FusedMultiplyAdd(d, d, second));
    }
}
