using MlSystems.Drift;
using MlSystems.Registry;

namespace MlSystems.Monitoring;

/// <summary>What the monitor tells the host's retraining hook.</summary>
/// <param name="ModelName">The registered model.</param>
/// <param name="Champion">The version serving now; the new version records it as its parent.</param>
/// <param name="Reason">Why a new model is wanted.</param>
/// <param name="Detail">The numbers behind the reason, in one line.</param>
/// <param name="At">When the monitor decided, by its clock.</param>
/// <param name="Drift">The drift report that triggered it, or the last one; null when none ran.</param>
/// <param name="Performance">The champion's performance; null without a performance policy.</param>
public sealed record RetrainingRequest(
    string ModelName,
    ModelVersion Champion,
    RetrainingReason Reason,
    string Detail,
    DateTimeOffset At,
    DriftReport? Drift,
    PerformanceSnapshot? Performance);
