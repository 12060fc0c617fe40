namespace MlSystems.Drift;

/// <summary>One feature's line in a <see cref="DriftReport"/>.</summary>
public sealed class FeatureDriftResult
{
    internal FeatureDriftResult(string name, FeatureKind kind, DriftTestResult result, double? adjustedPValue, bool drifted, double referenceMissingShare, double currentMissingShare, DriftTestResult? missingShareTest, bool missingShareRose)
    {
        MissingShareTest = missingShareTest;
        MissingShareRose = missingShareRose;
        Name = name;
        Kind = kind;
        Result = result;
        AdjustedPValue = adjustedPValue;
        Drifted = drifted;
        ReferenceMissingShare = referenceMissingShare;
        CurrentMissingShare = currentMissingShare;
    }

    /// <summary>The feature's name.</summary>
    public string Name { get; }

    /// <summary>Numeric or categorical.</summary>
    public FeatureKind Kind { get; }

    /// <summary>The test's outcome before any multiple-testing adjustment.</summary>
    public DriftTestResult Result { get; }

    /// <summary>The p-value after the report's correction; null for tests without a p-value.</summary>
    public double? AdjustedPValue { get; }

    /// <summary>The verdict: the adjusted p-value (or the statistic) against the threshold, and the minimum effect size if one is set.</summary>
    public bool Drifted { get; }

    /// <summary>The share of missing values in the reference.</summary>
    public double ReferenceMissingShare { get; }

    /// <summary>The share of missing values in the current window.</summary>
    public double CurrentMissingShare { get; }

    /// <summary>
    /// The two-proportion z-test of the missing counts, reference against current; null when either side has no rows to
    /// count (a profile without missing-value counts, or an empty window).
    /// </summary>
    public DriftTestResult? MissingShareTest { get; }

    /// <summary>
    /// True when the current missing share is higher than the reference's by at least
    /// <see cref="DriftReportOptions.MinimumMissingShareRise"/> and <see cref="MissingShareTest"/> finds the change
    /// significant at <see cref="DriftReportOptions.MissingShareAlpha"/>. A data-quality flag beside the drift verdict,
    /// not part of it.
    /// </summary>
    public bool MissingShareRose { get; }

    /// <summary>
    /// True when the test ran against a sketch of the reference rather than its values (a profile of more values than
    /// <see cref="ProfileOptions.MaxExactSampleSize"/>): the statistic is approximate, within the bound its details give
    /// (<see cref="DriftTestResult.SketchRankErrorDetail"/>, and for KS <see cref="DriftTestResult.StatisticErrorBoundDetail"/>).
    /// </summary>
    public bool Approximate => Result.Details.ContainsKey(DriftTestResult.SketchRankErrorDetail);
}
