namespace MlSystems.Drift;

/// <summary>How <see cref="KolmogorovSmirnov.TwoSample"/> computes the p-value, with scipy's <c>ks_2samp</c> rules.</summary>
public enum KsMethod
{
    /// <summary>Exact when both samples have at most 10 000 values, asymptotic otherwise. The default.</summary>
    Auto = 0,

    /// <summary>
    /// The exact null distribution by lattice-path counting. Falls back to <see cref="Asymptotic"/> (and the result
    /// says so) when the lattice is too large or the computation overflows, as scipy does.
    /// </summary>
    Exact = 1,

    /// <summary>
    /// Two-sided: the one-sample Kolmogorov distribution with N = n₁n₂/(n₁ + n₂) rounded half to even; one-sided:
    /// Hodges' approximation.
    /// </summary>
    Asymptotic = 2,
}
