namespace MlSystems.Rollout;

/// <summary>What a canary plan takes at a traffic (<see cref="CanaryPlanner.Estimate"/>), step by step.</summary>
/// <param name="RequestsPerSecond">The traffic the plan was sized at.</param>
/// <param name="Steps">Every step's estimate, in order.</param>
/// <param name="ExpectedDuration">The steps' durations added up; <see cref="TimeSpan.MaxValue"/> when a step never ends.</param>
/// <param name="IsFeasible">Whether every step can reach a verdict within its maximum duration.</param>
/// <param name="Summary">
/// A sentence a person can act on: how long the plan takes, or which step cannot decide, how long it would need and for
/// which gate, followed by the <paramref name="Suggestions"/>.
/// </param>
/// <param name="Suggestions">
/// For the first step that does not fit, what would: a larger share, the step without its most demanding gate, or a
/// shadow comparison first, each with its duration; empty for a feasible plan.
/// </param>
public sealed record CanaryPlanEstimate(double RequestsPerSecond, IReadOnlyList<CanaryStepEstimate> Steps, TimeSpan ExpectedDuration, bool IsFeasible, string Summary, IReadOnlyList<string> Suggestions);
