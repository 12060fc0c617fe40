using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>first += x; the second accumulator is unused.</summary>
internal readonly struct SumOperator : ILaneOperator
{
    public bool UsesSecond => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double First, double Second) Invoke(double x, double first, double second) => (first + x, second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector128<double> First, Vector128<double> Second) Invoke(Vector128<double> x, Vector128<double> first, Vector128<double> second) => (first + x, second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector256<double> First, Vector256<double> Second) Invoke(Vector256<double> x, Vector256<double> first, Vector256<double> second) => (first + x, second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<double> First, Vector512<double> Second) Invoke(Vector512<double> x, Vector512<double> first, Vector512<double> second) => (first + x, second);
}
