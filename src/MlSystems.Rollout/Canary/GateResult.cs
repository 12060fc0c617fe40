namespace MlSystems.Rollout;

/// <summary>One gate's verdict with the numbers behind it (kept as promotion evidence).</summary>
/// <param name="Gate">The gate's name.</param>
/// <param name="Outcome">The verdict.</param>
/// <param name="Champion">The champion's value of the gate's metric.</param>
/// <param name="Candidate">The candidate's value.</param>
/// <param name="Reason">A sentence a person can read in a log.</param>
public sealed record GateResult(string Gate, GateOutcome Outcome, double Champion, double Candidate, string Reason);
