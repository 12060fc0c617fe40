using System.Collections.Concurrent;

namespace MlSystems.Registry;

/// <summary>A store in process memory, for tests and ephemeral hosts: the same atomicity as the file store, nothing on disk.</summary>
public sealed class InMemoryModelRegistryStore : IModelRegistryStore, IDisposable
{
    private readonly ConcurrentDictionary<string, ModelRecord> records = new(StringComparer.Ordinal);
    private readonly InMemoryArtifactStore artifacts = new();
    private readonly SemaphoreSlim updates = new(1, 1);
    private readonly SemaphoreSlim artifactLock = new(1, 1);

    /// <inheritdoc/>
    public IModelArtifactStore Artifacts => artifacts;

    /// <inheritdoc/>
    public Task<ModelRecord?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        RegistryNames.Model(name, nameof(name));
        return Task.FromResult(records.TryGetValue(name, out ModelRecord? record) ? record : null);
    }

    /// <inheritdoc/>
    public Task<ModelVersion?> ReadVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        RegistryNames.Model(name, nameof(name));
        return Task.FromResult(records.TryGetValue(name, out ModelRecord? record) ? record.Versions.FirstOrDefault(v => v.Version == version) : null);
    }

    /// <inheritdoc/>
    public Task<ModelVersion?> ReadAliasAsync(string name, string aliasName, CancellationToken cancellationToken)
    {
        RegistryNames.Model(name, nameof(name));
        RegistryNames.Alias(aliasName, nameof(aliasName));
        return Task.FromResult(records.TryGetValue(name, out ModelRecord? record) ? record.Aliased(aliasName) : null);
    }

    /// <inheritdoc/>
    public async Task<T> UpdateAsync<T>(string name, Func<IModelRecordUpdate, CancellationToken, ValueTask<T>> update, CancellationToken cancellationToken)
    {
        // The same names as every store, so a backend swap never meets a name the other refused.
        RegistryNames.Model(name, nameof(name));
        ArgumentNullException.ThrowIfNull(update);
        await updates.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var edit = new ModelRecordEdit(name, records.TryGetValue(name, out ModelRecord? current) ? current : null);
            T result = await update(edit, cancellationToken).ConfigureAwait(false);
            if (edit.Edited is { } record)
            {
                records[name] = record;
            }

            return result;
        }
        finally
        {
            updates.Release();
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. records.Keys]);

    /// <inheritdoc/>
    public async Task<IAsyncDisposable> LockArtifactsAsync(CancellationToken cancellationToken)
    {
        await artifactLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(artifactLock);
    }

    /// <inheritdoc/>
    public Task<bool> IsArtifactReferencedAsync(string digest, CancellationToken cancellationToken) =>
        Task.FromResult(records.Values.Any(r => r.Versions.Any(v => string.Equals(v.Digest, digest, StringComparison.Ordinal))));

    /// <inheritdoc/>
    /// <remarks>Nothing is staged between calls here; what can be left is an artifact published by a registration whose
    /// record update then failed.</remarks>
    public async Task<RegistryReclaimResult> ReclaimAsync(CancellationToken cancellationToken)
    {
        await artifactLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            HashSet<string> referenced = await ReferencedDigests.CollectAsync(this, cancellationToken).ConfigureAwait(false);
            (int count, long bytes) = await OrphanedArtifacts.DeleteAsync(artifacts, referenced, cancellationToken).ConfigureAwait(false);
            return new RegistryReclaimResult(0, 0, count, bytes, 0);
        }
        finally
        {
            artifactLock.Release();
        }
    }

    /// <summary>Replaces an artifact's stored bytes, as a disk fault or an attacker would (for integrity tests).</summary>
    public void Corrupt(string digest, byte[] bytes) => artifacts.Corrupt(digest, bytes);

    /// <inheritdoc/>
    public void Dispose()
    {
        updates.Dispose();
        artifactLock.Dispose();
    }

    private sealed class Release(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}
