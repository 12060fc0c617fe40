using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// A reduction of <see cref="PairReduction"/> into two accumulators: a step that folds values in, and a merge of two
/// partial results. The driver folds lanes in an order that depends on the width, so the operator's result must not
/// depend on the order values are folded in (minimum and maximum).
/// </summary>
/// <remarks>Implementations are structs whose methods the JIT inlines into the driver's loops.</remarks>
internal interface IPairReductionOperator
{
    /// <summary>The accumulators' starting values: the identities of the reduction.</summary>
    (double First, double Second) Seed { get; }

    /// <summary>One value into the accumulators.</summary>
    (double First, double Second) Invoke(double x, double first, double second);

    /// <summary>Two values, lane by lane.</summary>
    (Vector128<double> First, Vector128<double> Second) Invoke(Vector128<double> x, Vector128<double> first, Vector128<double> second);

    /// <summary>Four values, lane by lane.</summary>
    (Vector256<double> First, Vector256<double> Second) Invoke(Vector256<double> x, Vector256<double> first, Vector256<double> second);

    /// <summary>Eight values, lane by lane.</summary>
    (Vector512<double> First, Vector512<double> Second) Invoke(Vector512<double> x, Vector512<double> first, Vector512<double> second);

    /// <summary>Two partial results as one.</summary>
    (double First, double Second) Merge((double First, double Second) a, (double First, double Second) b);
}
