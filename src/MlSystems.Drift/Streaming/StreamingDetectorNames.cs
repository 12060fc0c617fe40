namespace MlSystems.Drift;

/// <summary>The names of the built-in streaming detectors, as their <see cref="IStreamingDriftDetector.Name"/> and their keys in the container.</summary>
public static class StreamingDetectorNames
{
    /// <summary><see cref="Drift.Adwin"/>.</summary>
    public const string Adwin = "adwin";

    /// <summary><see cref="Drift.PageHinkley"/>.</summary>
    public const string PageHinkley = "page-hinkley";

    /// <summary><see cref="Drift.Ddm"/>.</summary>
    public const string Ddm = "ddm";

    /// <summary><see cref="Drift.Kswin"/>.</summary>
    public const string Kswin = "kswin";
}
