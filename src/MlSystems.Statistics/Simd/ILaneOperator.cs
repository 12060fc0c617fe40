using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// An element-wise step of <see cref="LaneAccumulation"/>: folds a value (or a vector of values) into two accumulators,
/// the same arithmetic at every width so that lane <c>i</c> holds the same bits whichever width filled it.
/// </summary>
/// <remarks>Implementations are structs whose methods the JIT inlines into the driver's loops.</remarks>
internal interface ILaneOperator
{
    /// <summary>False when the second accumulator is unused, so the driver need not carry it through memory.</summary>
    bool UsesSecond { get; }

    /// <summary>One value into the two accumulators.</summary>
    (double First, double Second) Invoke(double x, double first, double second);

    /// <summary>Two values, lane by lane.</summary>
    (Vector128<double> First, Vector128<double> Second) Invoke(Vector128<double> x, Vector128<double> first, Vector128<double> second);

    /// <summary>Four values, lane by lane.</summary>
    (Vector256<double> First, Vector256<double> Second) Invoke(Vector256<double> x, Vector256<double> first, Vector256<double> second);

    /// <summary>Eight values, lane by lane.</summary>
    (Vector512<double> First, Vector512<double> Second) Invoke(Vector512<double> x, Vector512<double> first, Vector512<double> second);
}
