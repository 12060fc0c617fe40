namespace MlSystems.Features;

/// <summary>The mean and the sum of squared deviations (M2) of a part of a window.</summary>
internal readonly record struct Moments(double Mean, double M2);
