namespace MlSystems.Rollout;

/// <summary>One step of a plan sized at a traffic: the candidate requests its gates need and how long they take to come.</summary>
/// <param name="StepIndex">The step's index in the plan.</param>
/// <param name="Percentage">The candidate's share during the step.</param>
/// <param name="RequiredSamples">
/// The candidate requests the step needs: the most any gate asks for (<see cref="ICanaryGate.RequiredSamples"/>), and
/// at least the step's <see cref="CanaryStep.MinimumSamples"/>; <see cref="long.MaxValue"/> when a gate cannot pass.
/// </param>
/// <param name="LimitingGate">The gate that asks for the most; null when the step's own minimum is larger.</param>
/// <param name="ExpectedDuration">
/// How long the step takes to gather them at its share of the traffic, and at least its minimum duration;
/// <see cref="TimeSpan.MaxValue"/> when it never does.
/// </param>
/// <param name="FitsMaximumDuration">Whether that is within the step's <see cref="CanaryStep.MaximumDuration"/> (always, without one).</param>
public sealed record CanaryStepEstimate(int StepIndex, double Percentage, long RequiredSamples, string? LimitingGate, TimeSpan ExpectedDuration, bool FitsMaximumDuration);
