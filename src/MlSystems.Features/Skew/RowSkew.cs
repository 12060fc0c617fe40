namespace MlSystems.Features;

/// <summary>Row-level skew of one column: served and training values of the same requests compared.</summary>
/// <param name="Column">The column.</param>
/// <param name="Compared">Requests present on both sides.</param>
/// <param name="Mismatches">Requests whose two values differ in any bit.</param>
/// <param name="MaxAbsoluteDifference">The largest |served − training| (0 when all agree).</param>
public sealed record RowSkew(string Column, long Compared, long Mismatches, double MaxAbsoluteDifference);
