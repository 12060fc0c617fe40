namespace MlSystems.Monitoring;

/// <summary>A version's loss over its most recent labelled requests, against the baseline it was registered with.</summary>
/// <param name="Version">The version.</param>
/// <param name="Labels">Labelled requests in the window.</param>
/// <param name="MeanLoss">Their mean loss; NaN when there are none.</param>
/// <param name="LowerBound">The one-sided lower confidence bound of the mean loss at the policy's level; NaN with fewer than two labels.</param>
/// <param name="Baseline">The loss the version was registered with (its metric named by <see cref="PerformancePolicy.MetricName"/>); null when it has none.</param>
/// <param name="Decayed">True when <paramref name="LowerBound"/> exceeds the baseline plus the tolerated increase, with at least the policy's minimum of labels.</param>
public sealed record PerformanceSnapshot(int Version, int Labels, double MeanLoss, double LowerBound, double? Baseline, bool Decayed);
