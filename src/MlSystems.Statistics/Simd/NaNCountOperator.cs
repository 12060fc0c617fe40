using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// Counts NaN values (first; the second accumulator is unused): a NaN is the only value not equal to itself. Counts are
/// whole numbers in doubles, exact far beyond the longest span.
/// </summary>
internal readonly struct NaNCountOperator : IPairReductionOperator
{
    public (double First, double Second) Seed => (0, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double First, double Second) Invoke(double x, double first, double second) => (double.IsNaN(x) ? first + 1 : first, second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector128<double> First, Vector128<double> Second) Invoke(Vector128<double> x, Vector128<double> first, Vector128<double> second) =>
        (first + Vector128.ConditionalSelect(Vector128.Equals(x, x), Vector128<double>.Zero, Vector128<double>.One), second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector256<double> First, Vector256<double> Second) Invoke(Vector256<double> x, Vector256<double> first, Vector256<double> second) =>
        (first + Vector256.ConditionalSelect(Vector256.Equals(x, x), Vector256<double>.Zero, Vector256<double>.One), second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<double> First, Vector512<double> Second) Invoke(Vector512<double> x, Vector512<double> first, Vector512<double> second) =>
        (first + Vector512.ConditionalSelect(Vector512.Equals(x, x), Vector512<double>.Zero, Vector512<double>.One), second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double First, double Second) Merge((double First, double Second) a, (double First, double Second) b) => (a.First + b.First, 0);
}
