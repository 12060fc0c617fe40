namespace MlSystems.Registry;

/// <summary>
/// The storage behind <see cref="ModelRegistry"/>: per-model records changed atomically under a lock, and
/// content-addressed artifacts kept by an <see cref="IModelArtifactStore"/> (its own, or one the host plugs in, so that
/// records and bytes can live in different systems). The registry implements every rule (numbering, idempotency,
/// compare-and-swap, delete rules, integrity); a store only has to be atomic, and it keeps what ties the two halves
/// together: the artifact lock, which digests are referenced, and the reclaim of what dead writers left. An update reads and changes only what it names
/// (<see cref="IModelRecordUpdate"/>), so a store that keeps rows can make every change cost the same however long a
/// model's history is. New backends prove themselves by passing the conformance suite
/// (<c>ModelRegistryStoreConformanceTests</c> in the test project).
/// </summary>
public interface IModelRegistryStore
{
    /// <summary>
    /// Where the artifacts' bytes are. The registry stages, publishes, opens and deletes artifacts through it, holding
    /// <see cref="LockArtifactsAsync"/> wherever what is referenced changes.
    /// </summary>
    IModelArtifactStore Artifacts { get; }

    /// <summary>The model's record, or null when it has never been registered.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid model name (see the registry's README); nothing is read.</exception>
    Task<ModelRecord?> ReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>The version numbered <paramref name="version"/> of the model, or null when the model or the version does not exist.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid model name; nothing is read.</exception>
    Task<ModelVersion?> ReadVersionAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>The version <paramref name="aliasName"/> of the model points to, or null when the model or the alias does not exist.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid model name or <paramref name="aliasName"/> not a valid alias; nothing is read.</exception>
    Task<ModelVersion?> ReadAliasAsync(string name, string aliasName, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="update"/> with exclusive hold of the model's record and applies the changes it made when it
    /// returns, atomically with respect to every other update of the same model from any thread or process. When
    /// <paramref name="update"/> throws, or makes no change, nothing is written. A store may run it again after a
    /// transient fault ended an attempt, so it must not have effects outside the record.
    /// </summary>
    /// <returns>The update's result.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="name"/> is not a valid model name; the store checks it before it creates, locks or writes anything.
    /// </exception>
    Task<T> UpdateAsync<T>(string name, Func<IModelRecordUpdate, CancellationToken, ValueTask<T>> update, CancellationToken cancellationToken);

    /// <summary>The names of every model with a record.</summary>
    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Holds the store-wide artifact lock until disposed: publishing an artifact and recording a version, or deleting a
    /// version and collecting its artifact, happen under it so a shared artifact is never collected while referenced.
    /// </summary>
    Task<IAsyncDisposable> LockArtifactsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when a version of any model records <paramref name="digest"/>. Call it under the artifact lock, which every
    /// change of what is referenced holds, so the answer cannot move under the caller.
    /// </summary>
    Task<bool> IsArtifactReferencedAsync(string digest, CancellationToken cancellationToken);

    /// <summary>
    /// Removes what writers that died mid-change left behind (staged artifacts, through
    /// <see cref="IModelArtifactStore.ReclaimStagingAsync"/>; temporary records; published artifacts no version references)
    /// and nothing a live writer owns, so it is safe to call while other threads and processes use
    /// the store. Orphaned artifacts are collected under the artifact lock, the same lock a registration holds from
    /// publishing its artifact to recording its version.
    /// </summary>
    /// <returns>What was removed; <see cref="RegistryReclaimResult.None"/> for a store that cannot be left with leftovers.</returns>
    Task<RegistryReclaimResult> ReclaimAsync(CancellationToken cancellationToken);
}
