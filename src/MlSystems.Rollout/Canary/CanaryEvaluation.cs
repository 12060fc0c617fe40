namespace MlSystems.Rollout;

/// <summary>The result of one <see cref="CanaryController.EvaluateAsync"/>.</summary>
/// <param name="Action">What the evaluation did.</param>
/// <param name="State">The canary's state afterwards.</param>
/// <param name="StepIndex">The step in force afterwards.</param>
/// <param name="CandidatePercentage">The candidate's share afterwards.</param>
/// <param name="Gates">The gates' verdicts on the step just judged (empty when the canary had already ended).</param>
/// <param name="Reason">Why, in a sentence.</param>
public sealed record CanaryEvaluation(CanaryAction Action, CanaryState State, int StepIndex, double CandidatePercentage, IReadOnlyList<GateResult> Gates, string Reason);
