namespace MlSystems.Registry;

/// <summary>What <see cref="IModelArtifactStore.ReclaimStagingAsync"/> removed.</summary>
/// <param name="Removed">Staged artifacts whose writer is gone.</param>
/// <param name="Bytes">The bytes they held.</param>
/// <param name="InUse">Staged artifacts left alone because a live writer still owns them.</param>
public sealed record StagingReclaimResult(int Removed, long Bytes, int InUse)
{
    /// <summary>Nothing staged was found.</summary>
    public static StagingReclaimResult None { get; } = new(0, 0, 0);
}
