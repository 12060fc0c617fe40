namespace MlSystems.Statistics;

/// <summary>
/// The alternative hypothesis of a two-sample Kolmogorov–Smirnov test, named as scipy's
/// <c>ks_2samp(alternative=...)</c> names it. It selects which statistic the caller computed
/// (D = max |F₁ - F₂|, D⁻ = max(F₂ - F₁) or D⁺ = max(F₁ - F₂)) and hence which null distribution applies.
/// </summary>
/// <remarks>
/// Under the null hypothesis D⁺ and D⁻ have the same distribution, so <see cref="Less"/> and
/// <see cref="Greater"/> always yield the same p-value for the same statistic; both are kept so that
/// call sites read like the test they perform.
/// </remarks>
public enum KsTail
{
    /// <summary>Two-sided: the statistic is D = max |F₁(x) - F₂(x)|.</summary>
    TwoSided = 0,

    /// <summary>One-sided, alternative "less": the statistic is D⁻ = max(F₂(x) - F₁(x)).</summary>
    Less = 1,

    /// <summary>One-sided, alternative "greater": the statistic is D⁺ = max(F₁(x) - F₂(x)).</summary>
    Greater = 2,
}
