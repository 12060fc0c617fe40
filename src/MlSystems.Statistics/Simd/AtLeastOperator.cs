using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// x ≥ threshold. NaN fails it whatever the threshold, so a threshold of −∞ counts the values that are not NaN, and a
/// NaN threshold counts nothing (a slot of a group of four left empty).
/// </summary>
internal readonly struct AtLeastOperator(double threshold) : IMaskOperator
{
    // Broadcast once per group, not once per vector.
    private readonly Vector128<double> threshold128 = Vector128.Create(threshold);
    private readonly Vector256<double> threshold256 = Vector256.Create(threshold);
    private readonly Vector512<double> threshold512 = Vector512.Create(threshold);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(double x) => x >= threshold;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<double> Invoke(Vector128<double> x) => Vector128.GreaterThanOrEqual(x, threshold128);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Invoke(Vector256<double> x) => Vector256.GreaterThanOrEqual(x, threshold256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Invoke(Vector512<double> x) => Vector512.GreaterThanOrEqual(x, threshold512);
}
