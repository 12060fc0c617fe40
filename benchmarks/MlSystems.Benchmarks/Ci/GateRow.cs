namespace MlSystems.Benchmarks.Ci;

/// <summary>One checked figure of the CI benchmark job, as the summary prints it.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Measured">The figure, formatted (a ratio, bytes, or first/second call ratios).</param>
/// <param name="Limit">The floor or ceiling, formatted.</param>
/// <param name="Claimed">What the benchmarks README claims, formatted; empty when it claims nothing.</param>
/// <param name="Detail">The raw timings behind the figure.</param>
/// <param name="Passed">Whether the figure is within its limit.</param>
internal sealed record GateRow(string Name, string Measured, string Limit, string Claimed, string Detail, bool Passed);
