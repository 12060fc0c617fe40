namespace MlSystems.Features;

/// <summary>
/// A feature engine snapshot was written by another feature set, another declared version or definition, or with another
/// allowed lateness than the engine restoring it: state computed another way is refused rather than served.
/// </summary>
public sealed class FeatureSnapshotMismatchException : InvalidOperationException
{
    internal FeatureSnapshotMismatchException(string message, FeatureVectorSchema expected, string foundName, int foundVersion)
        : base(message)
    {
        FeatureSet = expected.Name;
        ExpectedVersion = expected.Version;
        FoundFeatureSet = foundName;
        FoundVersion = foundVersion;
    }

    /// <summary>The restoring engine's feature set.</summary>
    public string FeatureSet { get; }

    /// <summary>The restoring engine's declared version.</summary>
    public int ExpectedVersion { get; }

    /// <summary>The feature set the snapshot names.</summary>
    public string FoundFeatureSet { get; }

    /// <summary>The declared version the snapshot names.</summary>
    public int FoundVersion { get; }
}
