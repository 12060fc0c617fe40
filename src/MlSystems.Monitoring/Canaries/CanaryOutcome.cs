using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>What one evaluation or decision did to the running canary, for the check that ran it.</summary>
/// <param name="Evaluation">The controller's evaluation.</param>
/// <param name="Promoted">The canary when it was promoted (it keeps routing until the caller has reloaded the champion); else null.</param>
/// <param name="RolledBack">Whether it was rolled back (the caller starts the retraining cooldown).</param>
internal readonly record struct CanaryOutcome(CanaryEvaluation Evaluation, ActiveCanary? Promoted, bool RolledBack);
