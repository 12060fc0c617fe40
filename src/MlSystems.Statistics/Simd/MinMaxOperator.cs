using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// Minimum (first) and maximum (second) with IEEE 754-2019 semantics at every width, as <see cref="Math.Min(double, double)"/>:
/// NaN propagates and −0 is less than +0, so the order of the steps cannot change the bits.
/// </summary>
internal readonly struct MinMaxOperator : IPairReductionOperator
{
    public (double First, double Second) Seed => (double.PositiveInfinity, double.NegativeInfinity);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double First, double Second) Invoke(double x, double first, double second) => (Math.Min(first, x), Math.Max(second, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector128<double> First, Vector128<double> Second) Invoke(Vector128<double> x, Vector128<double> first, Vector128<double> second) =>
        (Vector128.Min(first, x), Vector128.Max(second, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector256<double> First, Vector256<double> Second) Invoke(Vector256<double> x, Vector256<double> first, Vector256<double> second) =>
        (Vector256.Min(first, x), Vector256.Max(second, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<double> First, Vector512<double> Second) Invoke(Vector512<double> x, Vector512<double> first, Vector512<double> second) =>
        (Vector512.Min(first, x), Vector512.Max(second, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double First, double Second) Merge((double First, double Second) a, (double First, double Second) b) =>
        (Math.Min(a.First, b.First), Math.Max(a.Second, b.Second));
}
