using MlSystems.Drift;
using MlSystems.Registry;

namespace MlSystems.Monitoring;

/// <summary>
/// The serving version with what checking it needs: its profile restricted to the logged features (null with
/// <see cref="Error"/> saying why it is unusable) and its baseline loss. The mutable state keeps an ongoing condition
/// to one event; it is touched only by checks, which serialise.
/// </summary>
internal sealed class Champion(ModelVersion version, ReferenceProfile? profile, bool withPrediction, double? baseline, string? error)
{
    public ModelVersion Version { get; } = version;

    public ReferenceProfile? Profile { get; } = profile;

    /// <summary>True when the profile has the prediction column, so predictions are checked for drift too.</summary>
    public bool WithPrediction { get; } = withPrediction;

    public double? Baseline { get; } = baseline;

    public string? Error { get; } = error;

    /// <summary>When the current run of drifted checks began; null while the data is not drifted.</summary>
    public DateTimeOffset? DriftSince { get; set; }

    public bool DecayReported { get; set; }
}
