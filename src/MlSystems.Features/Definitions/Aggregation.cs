namespace MlSystems.Features;

/// <summary>What a window feature computes over the values in its window.</summary>
public enum Aggregation
{
    /// <summary>The number of events; 0 for an empty window.</summary>
    Count,

    /// <summary>The sum; 0 for an empty window.</summary>
    Sum,

    /// <summary>The mean.</summary>
    Mean,

    /// <summary>The sample variance (n − 1), numerically stable (Chan's merge of M2); 0 for a single event.</summary>
    Variance,

    /// <summary>The minimum, exact also as events leave the window.</summary>
    Min,

    /// <summary>The maximum, exact also as events leave the window.</summary>
    Max,
}
