namespace MlSystems.Drift;

/// <summary>Per-feature overrides of the report's defaults.</summary>
public sealed class FeatureDriftOptions
{
    /// <summary>The test to run, by registered name; null to use the default test table.</summary>
    public string? Test { get; init; }

    /// <summary>The threshold; null for the test's own default (or <see cref="DriftReportOptions.Thresholds"/>).</summary>
    public double? Threshold { get; init; }
}
