using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// x ≥ threshold. NaN fails it whatever the threshold, so a threshold of −∞ counts the values that are not NaN, and a
/// NaN threshold counts nothing (a slot of a group left empty).
/// </summary>
/// <remarks>
/// Eight bytes, passed by value: inlined into a driver's loop, the broadcast of the threshold is loop-invariant and
/// hoisted out of it, so no width's copy need be carried.
/// </remarks>
internal readonly struct AtLeastOperator(double threshold) : IMaskOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(double x) => x >= threshold;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<double> Invoke(Vector128<double> x) => Vector128.GreaterThanOrEqual(x, Vector128.Create(threshold));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Invoke(Vector256<double> x) => Vector256.GreaterThanOrEqual(x, Vector256.Create(threshold));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Invoke(Vector512<double> x) => Vector512.GreaterThanOrEqual(x, Vector512.Create(threshold));
}
