namespace MlSystems.Statistics;

/// <summary>The smallest and largest value of a sample.</summary>
/// <param name="Min">The smallest value; −0 counts as smaller than +0.</param>
/// <param name="Max">The largest value; +0 counts as larger than −0.</param>
public readonly record struct MinMaxResult(double Min, double Max);
