using MlSystems.Drift;

namespace MlSystems.Monitoring;

/// <summary>The result of one monitoring check.</summary>
/// <param name="At">When the check ran, by the monitor's clock.</param>
/// <param name="Health">The verdict.</param>
/// <param name="Reasons">Why the verdict is not <see cref="MonitoringHealth.Healthy"/>, and what is in progress; empty when all is well.</param>
/// <param name="ChampionVersion">The version serving by the alias after the check; null when the alias is unset.</param>
/// <param name="CandidateVersion">The version in a running canary after the check; null when none runs.</param>
/// <param name="Drift">The drift report of the champion's recent traffic; null when too few rows were served to check.</param>
/// <param name="Performance">The champion's performance on labelled requests; null without a performance policy.</param>
/// <param name="Events">What happened during the check, in order.</param>
/// <param name="Reference">The champion's reference profile the drift report was computed against; null with <paramref name="Drift"/>.</param>
/// <param name="Current">The champion's recent traffic the drift report was computed on; null with <paramref name="Drift"/>.
/// With <paramref name="Drift"/> and <paramref name="Reference"/> it renders as a page through <see cref="DriftHtmlReport"/>.</param>
public sealed record MonitoringCheck(
    DateTimeOffset At,
    MonitoringHealth Health,
    IReadOnlyList<string> Reasons,
    int? ChampionVersion,
    int? CandidateVersion,
    DriftReport? Drift,
    PerformanceSnapshot? Performance,
    IReadOnlyList<MonitoringEvent> Events,
    ReferenceProfile? Reference = null,
    DriftDataset? Current = null);
