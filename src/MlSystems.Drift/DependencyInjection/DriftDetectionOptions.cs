namespace MlSystems.Drift;

/// <summary>Options of the drift services registered by <see cref="DriftServiceCollectionExtensions.AddDriftDetection"/>.</summary>
public sealed class DriftDetectionOptions
{
    /// <summary>How reports choose tests, thresholds and corrections; default <see cref="DriftReportOptions"/>'s defaults.</summary>
    public DriftReportOptions Report { get; set; } = new();

    /// <summary>Custom tests to register beside the built-in ones (a test with a built-in's name and kind replaces it); empty by default.</summary>
    public IList<IDriftTest> CustomTests { get; } = [];
}
