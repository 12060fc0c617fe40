namespace MlSystems.Statistics;

/// <summary>How many values of a sample are NaN and how many are ±∞, as returned by <see cref="SpanStatistics.CountNonFinite"/>.</summary>
/// <param name="NaN">The number of NaN values.</param>
/// <param name="Infinite">The number of +∞ and −∞ values.</param>
public readonly record struct NonFiniteCounts(int NaN, int Infinite)
{
    /// <summary>True when the sample holds only finite values.</summary>
    public bool AllFinite => NaN == 0 && Infinite == 0;
}
