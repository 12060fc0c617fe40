namespace MlSystems.Registry;

/// <summary>
/// Where a registry keeps artifact bytes, addressed by their SHA-256: the half of a store that can live apart from the
/// records (metadata in PostgreSQL, bytes on a shared volume, say). It only has to keep bytes; the registry store that
/// uses it keeps the rules: the artifact lock, which digests are referenced, and which published artifacts are orphans
/// (see <see cref="IModelRegistryStore.ReclaimAsync"/>). Readers never trust what it returns: the registry verifies
/// every byte against the digest before a caller sees it. New backends prove themselves by passing the artifact
/// conformance suite (<c>ModelArtifactStoreConformanceTests</c> in the test project). Implementations are thread-safe.
/// </summary>
/// <remarks>
/// Every host of a registry must reach the same artifact store: a publish on one host is opened on another. Because
/// content addressing makes every publish of one digest write the same bytes, a store needs no lock of its own; it
/// needs a publish that is atomic (readers see all of an artifact or none of it) and a staging area a writer that dies
/// leaves in a state <see cref="ReclaimStagingAsync"/> recognises.
/// </remarks>
public interface IModelArtifactStore
{
    /// <summary>
    /// Copies <paramref name="content"/> to a private staging area, hashing it with SHA-256 on the way, and never holding
    /// it whole in memory (unless the store is memory). Nothing staged is visible to a reader.
    /// </summary>
    /// <returns>The staged artifact; publish or discard it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    Task<StagedArtifact> StageAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a staged artifact readable under its digest, atomically; a no-op when that digest is already published. The
    /// staged artifact still has to be discarded afterwards.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="staged"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="staged"/> was staged by another store; nothing changed.</exception>
    Task PublishAsync(StagedArtifact staged, CancellationToken cancellationToken);

    /// <summary>Releases what staging held (a no-op for what publishing already moved); never throws for an artifact this store staged.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="staged"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="staged"/> was staged by another store.</exception>
    Task DiscardAsync(StagedArtifact staged);

    /// <summary>Opens a published artifact's bytes as stored (unverified), or null when there is none.</summary>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not <c>sha256:</c> and 64 lowercase hex digits.</exception>
    Task<Stream?> OpenAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Deletes a published artifact; a no-op when it does not exist.</summary>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not <c>sha256:</c> and 64 lowercase hex digits.</exception>
    Task DeleteAsync(string digest, CancellationToken cancellationToken);

    /// <summary>
    /// Every published artifact, in no particular order, for finding the ones no version references. An artifact
    /// published or deleted while the listing runs may or may not be listed; every other one is listed once.
    /// </summary>
    IAsyncEnumerable<StoredArtifact> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes staged artifacts whose writer is gone (a process killed mid-registration) and nothing a live writer still
    /// stages, so it is safe to call while other threads and processes stage.
    /// </summary>
    /// <returns>What was removed; <see cref="StagingReclaimResult.None"/> for a store whose staging cannot outlive its writer.</returns>
    Task<StagingReclaimResult> ReclaimStagingAsync(CancellationToken cancellationToken);
}
