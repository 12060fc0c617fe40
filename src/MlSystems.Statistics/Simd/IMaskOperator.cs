using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>A per-value test of <see cref="MaskCounting"/>: true or false for one value, an all-ones or zero lane per value of a vector.</summary>
/// <remarks>Implementations are structs whose methods the JIT inlines into the driver's loops.</remarks>
internal interface IMaskOperator
{
    /// <summary>The test on one value.</summary>
    bool Invoke(double x);

    /// <summary>The test on two values: all bits set in a lane where it holds.</summary>
    Vector128<double> Invoke(Vector128<double> x);

    /// <summary>The test on four values.</summary>
    Vector256<double> Invoke(Vector256<double> x);

    /// <summary>The test on eight values.</summary>
    Vector512<double> Invoke(Vector512<double> x);
}
