namespace MlSystems.Monitoring;

/// <summary>What a <see cref="ModelMonitor"/> has recorded on the request path since it started.</summary>
/// <param name="Predictions">Predictions logged.</param>
/// <param name="Failures">Failed requests recorded.</param>
/// <param name="Labels">Labels joined to their prediction.</param>
/// <param name="UnmatchedLabels">Labels with no pending prediction.</param>
/// <param name="ExpiredPredictions">Predictions that gave way before their label came (the pending capacity was full or the request id was re-used).</param>
public readonly record struct ModelMonitorCounters(long Predictions, long Failures, long Labels, long UnmatchedLabels, long ExpiredPredictions);
