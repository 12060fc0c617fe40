namespace MlSystems.Features;

/// <summary>
/// A stored vector was written by another feature set, another declared version or another definition than the
/// reader's: training-serving skew caught at read time. Deploy readers and writers of one version, or backfill the store.
/// </summary>
public sealed class FeatureVectorMismatchException : InvalidOperationException
{
    internal FeatureVectorMismatchException(FeatureVectorSchema expected, string entity, string foundName, int foundVersion, ulong foundFingerprint, int foundWidth)
        : base($"The stored vector for entity '{entity}' was written by feature set '{foundName}' version {foundVersion} (definition {foundFingerprint:x16}, {foundWidth} values); "
            + $"this reader is '{expected.Name}' version {expected.Version} (definition {expected.Fingerprint:x16}, {expected.Width} values). "
            + "Deploy readers and writers of one definition, or backfill the store, rather than serve a vector computed another way.")
    {
        Entity = entity;
        FeatureSet = expected.Name;
        ExpectedVersion = expected.Version;
        FoundFeatureSet = foundName;
        FoundVersion = foundVersion;
    }

    /// <summary>The entity whose vector was refused.</summary>
    public string Entity { get; }

    /// <summary>The reader's feature set.</summary>
    public string FeatureSet { get; }

    /// <summary>The reader's declared version.</summary>
    public int ExpectedVersion { get; }

    /// <summary>The feature set the stored vector names.</summary>
    public string FoundFeatureSet { get; }

    /// <summary>The declared version the stored vector names.</summary>
    public int FoundVersion { get; }
}
