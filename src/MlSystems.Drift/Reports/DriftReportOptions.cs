namespace MlSystems.Drift;

/// <summary>
/// Options of <see cref="DriftReport"/>. Which test runs on a feature is decided by one precedence, first match wins:
/// <list type="number">
/// <item><see cref="Features"/>[name].<see cref="FeatureDriftOptions.Test"/>;</item>
/// <item><see cref="NumericTest"/> or <see cref="CategoricalTest"/> for the feature's kind;</item>
/// <item>the default table: numeric — <c>ks</c> when the reference has at most <see cref="LargeSampleSize"/> values,
/// else <c>wasserstein</c> (normalised, threshold 0.1); categorical — <c>z</c> for two categories and
/// <c>chi-squared</c> otherwise up to <see cref="LargeSampleSize"/> reference values, else <c>jensen-shannon</c>
/// (threshold 0.1). Distances replace p-values on large samples because there every negligible shift is "significant".</item>
/// </list>
/// The threshold follows the same order: the feature's <see cref="FeatureDriftOptions.Threshold"/>, then
/// <see cref="Thresholds"/>[test name], then the test's default.
/// </summary>
public sealed class DriftReportOptions
{
    /// <summary>Reference size above which the default table switches from p-value tests to distances; default 1000.</summary>
    public int LargeSampleSize { get; init; } = 1000;

    /// <summary>Test for every numeric feature without a per-feature override; null for the default table.</summary>
    public string? NumericTest { get; init; }

    /// <summary>Test for every categorical feature without a per-feature override; null for the default table.</summary>
    public string? CategoricalTest { get; init; }

    /// <summary>Thresholds by test name, overriding the tests' defaults; empty by default.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Minimum effect sizes by test name: a p-value test flags a feature only when its effect size also reaches this,
    /// so a huge sample does not flag a negligible shift; empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, double> MinimumEffectSizes { get; init; } = new Dictionary<string, double>();

    /// <summary>Per-feature overrides by feature name; empty by default.</summary>
    public IReadOnlyDictionary<string, FeatureDriftOptions> Features { get; init; } = new Dictionary<string, FeatureDriftOptions>();

    /// <summary>The adjustment of p-values across features; default none.</summary>
    public MultipleTestingCorrection Correction { get; init; } = MultipleTestingCorrection.None;

    /// <summary>The share of drifted features at or above which the dataset as a whole has drifted; default 0.5 (Evidently's).</summary>
    public double DatasetDriftShare { get; init; } = 0.5;

    /// <summary>
    /// The significance level at which a feature's rising share of missing values is flagged
    /// (<see cref="FeatureDriftResult.MissingShareRose"/>), by a two-proportion z-test of the missing counts; default 0.05,
    /// in (0, 1). A pipeline that starts dropping a field is a data-quality failure the distribution tests do not see:
    /// they leave missing values out.
    /// </summary>
    public double MissingShareAlpha { get; init; } = 0.05;

    /// <summary>
    /// The smallest rise of the missing share, in share points, that is flagged however significant; default 0.01 (one
    /// percentage point), in [0, 1], so a huge window does not flag a negligible rise.
    /// </summary>
    public double MinimumMissingShareRise { get; init; } = 0.01;

    /// <summary>Features processed at once; default the number of processors.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>A threshold is a positive finite cut-off, and for a test that yields p-values (as the test itself says) a level below 1.</summary>
    private static bool ValidThreshold(DriftTestRegistry registry, string? test, double value) =>
        double.IsFinite(value) && value > 0 && (test is null || !registry.YieldsPValue(test) || value < 1);

    /// <summary>Throws when an option is out of range or names an unknown test.</summary>
    /// <param name="registry">The registry the names must be found in.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate(DriftTestRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (LargeSampleSize < 1)
        {
            throw OptionError.Invalid(nameof(LargeSampleSize), $"LargeSampleSize must be at least 1, not {LargeSampleSize}.");
        }

        if (!(DatasetDriftShare > 0 && DatasetDriftShare <= 1))
        {
            throw OptionError.Invalid(nameof(DatasetDriftShare), $"DatasetDriftShare must lie in (0, 1], not {DatasetDriftShare}.");
        }

        if (!(MissingShareAlpha > 0 && MissingShareAlpha < 1))
        {
            throw OptionError.Invalid(nameof(MissingShareAlpha), $"MissingShareAlpha must lie in (0, 1), not {MissingShareAlpha}.");
        }

        if (!(MinimumMissingShareRise >= 0 && MinimumMissingShareRise <= 1))
        {
            throw OptionError.Invalid(nameof(MinimumMissingShareRise), $"MinimumMissingShareRise must lie in [0, 1], not {MinimumMissingShareRise}.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw OptionError.Invalid(nameof(MaxDegreeOfParallelism), $"MaxDegreeOfParallelism must be at least 1, not {MaxDegreeOfParallelism}.");
        }

        if (!Enum.IsDefined(Correction))
        {
            throw OptionError.Invalid(nameof(Correction), $"Unknown correction {Correction}.");
        }

        if (NumericTest is not null && !registry.Contains(NumericTest, FeatureKind.Numeric))
        {
            throw OptionError.Invalid(nameof(NumericTest), $"NumericTest '{NumericTest}' is not a registered numeric test.");
        }

        if (CategoricalTest is not null && !registry.Contains(CategoricalTest, FeatureKind.Categorical))
        {
            throw OptionError.Invalid(nameof(CategoricalTest), $"CategoricalTest '{CategoricalTest}' is not a registered categorical test.");
        }

        foreach ((string name, double value) in Thresholds)
        {
            if (!ValidThreshold(registry, name, value))
            {
                throw OptionError.Invalid(nameof(Thresholds), $"The threshold for '{name}' must be a level in (0, 1) for a p-value test or a positive finite cut-off for a distance, not {value}.");
            }
        }

        foreach ((string name, double value) in MinimumEffectSizes)
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw OptionError.Invalid(nameof(MinimumEffectSizes), $"The minimum effect size for '{name}' must be finite and non-negative, not {value}.");
            }
        }

        foreach ((string feature, FeatureDriftOptions o) in Features)
        {
            if (o.Test is not null && !registry.Contains(o.Test, FeatureKind.Numeric) && !registry.Contains(o.Test, FeatureKind.Categorical))
            {
                throw OptionError.Invalid(nameof(Features), $"Feature '{feature}': test '{o.Test}' is not registered.");
            }

            if (o.Threshold is double t && !ValidThreshold(registry, o.Test, t))
            {
                throw OptionError.Invalid(nameof(Features), $"Feature '{feature}': threshold must be a level in (0, 1) for a p-value test or a positive finite cut-off, not {t}.");
            }
        }
    }
}
