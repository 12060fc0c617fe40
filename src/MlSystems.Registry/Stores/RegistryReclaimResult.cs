namespace MlSystems.Registry;

/// <summary>What <see cref="IModelRegistryStore.ReclaimAsync"/> removed: the leftovers of writers that died mid-change.</summary>
/// <param name="StagedArtifacts">Partly or fully received artifacts whose writer is gone.</param>
/// <param name="TemporaryRecords">Record files written but never renamed into place.</param>
/// <param name="OrphanedArtifacts">Published artifacts no version references (their writer died before recording the version).</param>
/// <param name="BytesReclaimed">The bytes those files held.</param>
/// <param name="InUse">Staged artifacts left alone because a live writer still owns them.</param>
public sealed record RegistryReclaimResult(int StagedArtifacts, int TemporaryRecords, int OrphanedArtifacts, long BytesReclaimed, int InUse)
{
    /// <summary>Nothing found to reclaim, nothing in use.</summary>
    public static RegistryReclaimResult None { get; } = new(0, 0, 0, 0, 0);
}
