namespace MlSystems.Features;

/// <summary>What a <see cref="FeatureLog"/> has seen since it was created.</summary>
/// <param name="Offered">Requests offered.</param>
/// <param name="Logged">Vectors logged (sampled in).</param>
/// <param name="Evicted">Logged vectors evicted to make room.</param>
public readonly record struct FeatureLogCounters(long Offered, long Logged, long Evicted);
