namespace MlSystems.Drift;

/// <summary>
/// The outcome of one two-sample drift test: the statistic, its p-value where the test has one, an effect size, both
/// sample sizes and the decision against the test's threshold.
/// </summary>
/// <remarks>
/// A test with a p-value decides "drifted" when the p-value is below <see cref="Threshold"/> (a significance level);
/// a distance or index without one decides "drifted" when <see cref="Statistic"/> is at or above it. The effect size is
/// reported beside the p-value because with large samples a negligible shift is still "significant".
/// </remarks>
public sealed record DriftTestResult
{
    /// <summary>The test's registered name, for example <c>ks</c> or <c>psi</c>.</summary>
    public required string TestName { get; init; }

    /// <summary>The test statistic.</summary>
    public required double Statistic { get; init; }

    /// <summary>The p-value, or null for a distance or index that has none.</summary>
    public double? PValue { get; init; }

    /// <summary>An effect size on the test's natural scale (for KS the statistic itself, for chi-squared Cramér's V).</summary>
    public required double EffectSize { get; init; }

    /// <summary>
    /// The number of reference values the test compared with: with a profile that kept only a sketch, the values the
    /// sketch summarises (<see cref="SketchQuantilesDetail"/> says how many quantiles stood in for them).
    /// </summary>
    public required long ReferenceCount { get; init; }

    /// <summary>The number of current values the test used.</summary>
    public required long CurrentCount { get; init; }

    /// <summary>The threshold the decision used: a significance level when <see cref="PValue"/> is set, else a statistic cut-off.</summary>
    public required double Threshold { get; init; }

    /// <summary>
    /// Test-specific figures beside the statistic, by name: for example <c>logBase</c> for Jensen–Shannon or
    /// <c>raw</c> for the unnormalised Wasserstein distance. Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, double> Details { get; init; } = EmptyDetails;

    private static readonly IReadOnlyDictionary<string, double> EmptyDetails = new Dictionary<string, double>();

    /// <summary>
    /// The detail a result computed on a sketch's quantiles carries: the sketch's rank error ε, as a fraction of the
    /// reference size.
    /// </summary>
    public const string SketchRankErrorDetail = "sketchRankError";

    /// <summary>The detail a result computed on a sketch's quantiles carries: how many quantiles stood in for the reference.</summary>
    public const string SketchQuantilesDetail = "sketchQuantiles";

    /// <summary>
    /// The detail of a Kolmogorov–Smirnov result on a sketch: how far the statistic can be from the exact one (ε plus one
    /// quantile step, holding with the sketch's 99% probability); <c>pValueLow</c>, <c>pValueAtStatistic</c> and
    /// <c>pValueHigh</c> are the p-values at the true reference size across that range, and <see cref="PValue"/> is the
    /// highest of them, so the verdict is conservative.
    /// </summary>
    public const string StatisticErrorBoundDetail = "statisticErrorBound";

    /// <summary>True when the test finds drift against <see cref="Threshold"/>.</summary>
    public bool Drifted => PValue is double p ? p < Threshold : Statistic >= Threshold;
}
