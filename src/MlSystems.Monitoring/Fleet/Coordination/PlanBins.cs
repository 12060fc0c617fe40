namespace MlSystems.Monitoring;

/// <summary>The bins hosts count a feature's values in: the inner edges of the champion profile's histogram of it.</summary>
/// <param name="Feature">The feature, or the prediction, as the profile names it.</param>
/// <param name="Edges">Finite inner edges in strictly increasing order; edges.Length + 1 bins.</param>
internal sealed record PlanBins(string Feature, double[] Edges);
