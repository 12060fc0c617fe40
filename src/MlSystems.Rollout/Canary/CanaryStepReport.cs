namespace MlSystems.Rollout;

/// <summary>The record of one finished (or aborted) canary step, kept as evidence.</summary>
/// <param name="StepIndex">The step's index in the plan.</param>
/// <param name="Percentage">The candidate's share during the step.</param>
/// <param name="StartedAt">When the step began.</param>
/// <param name="EndedAt">When it was judged.</param>
/// <param name="ChampionCount">Champion requests observed during the step.</param>
/// <param name="CandidateCount">Candidate requests observed during the step.</param>
/// <param name="Gates">Each gate's verdict.</param>
/// <param name="Action">What the step ended with: <see cref="CanaryAction.Advance"/>, <see cref="CanaryAction.Promote"/> or <see cref="CanaryAction.RollBack"/>.</param>
public sealed record CanaryStepReport(int StepIndex, double Percentage, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long ChampionCount, long CandidateCount, IReadOnlyList<GateResult> Gates, CanaryAction Action);
