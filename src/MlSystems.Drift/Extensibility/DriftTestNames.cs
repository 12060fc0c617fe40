namespace MlSystems.Drift;

/// <summary>The names of the built-in drift tests, as report options and results spell them.</summary>
public static class DriftTestNames
{
    /// <summary>Two-sample Kolmogorov–Smirnov (numeric; yields a p-value).</summary>
    public const string KolmogorovSmirnov = "ks";

    /// <summary>Population stability index (numeric and categorical).</summary>
    public const string PopulationStabilityIndex = "psi";

    /// <summary>Wasserstein distance in reference standard deviations (numeric).</summary>
    public const string Wasserstein = "wasserstein";

    /// <summary>Jensen–Shannon distance (numeric and categorical).</summary>
    public const string JensenShannon = "jensen-shannon";

    /// <summary>Hellinger distance (numeric and categorical).</summary>
    public const string Hellinger = "hellinger";

    /// <summary>Pearson's chi-squared test of homogeneity (categorical; yields a p-value).</summary>
    public const string ChiSquared = "chi-squared";

    /// <summary>Two-proportion z-test (categorical with two categories; yields a p-value).</summary>
    public const string TwoProportionZ = "z";

    /// <summary>L∞ distance between category shares (categorical).</summary>
    public const string LInfinity = "l-infinity";
}
