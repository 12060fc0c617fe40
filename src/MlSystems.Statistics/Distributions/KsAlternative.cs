namespace MlSystems.Statistics;

/// <summary>
/// The alternative hypothesis of a two-sample Kolmogorov–Smirnov test, named as scipy's
/// <c>ks_2samp(alternative=...)</c> names it, with the first sample the reference (F₁) and the second the current one
/// (F₂). It selects the statistic (D = max |F₁ − F₂|, D⁻ = max(F₂ − F₁) or D⁺ = max(F₁ − F₂)) and so the null
/// distribution that applies.
/// </summary>
/// <remarks>
/// Under the null hypothesis D⁺ and D⁻ have the same distribution, so <see cref="Less"/> and <see cref="Greater"/>
/// always yield the same p-value for the same statistic; both are kept so that call sites read like the test they
/// perform.
/// </remarks>
public enum KsAlternative
{
    /// <summary>The distributions differ: the statistic is D = max |F₁(x) − F₂(x)|. The default.</summary>
    TwoSided = 0,

    /// <summary>
    /// scipy's "less": the reference CDF lies below the current one somewhere (the reference tends to larger values);
    /// the statistic is D⁻ = max(F₂(x) − F₁(x)).
    /// </summary>
    Less = 1,

    /// <summary>
    /// scipy's "greater": the reference CDF lies above the current one somewhere (the current sample tends to larger
    /// values); the statistic is D⁺ = max(F₁(x) − F₂(x)).
    /// </summary>
    Greater = 2,
}
