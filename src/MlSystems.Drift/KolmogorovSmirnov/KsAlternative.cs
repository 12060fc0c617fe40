namespace MlSystems.Drift;

/// <summary>The alternative hypothesis of <see cref="KolmogorovSmirnov.TwoSample"/>, with scipy's <c>ks_2samp</c> meaning.</summary>
public enum KsAlternative
{
    /// <summary>The distributions differ: the statistic is max |F_ref − F_cur|. The default.</summary>
    TwoSided = 0,

    /// <summary>
    /// scipy's "less": the reference CDF lies below the current one somewhere (the reference tends to larger values);
    /// the statistic is max (F_cur − F_ref).
    /// </summary>
    Less = 1,

    /// <summary>
    /// scipy's "greater": the reference CDF lies above the current one somewhere (the current sample tends to larger
    /// values); the statistic is max (F_ref − F_cur).
    /// </summary>
    Greater = 2,
}
