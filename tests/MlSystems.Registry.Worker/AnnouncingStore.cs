using MlSystems.Registry;

/// <summary>A store whose artifacts print "published" (flushed) once a staged artifact is readable, so a test knows the moment.</summary>
internal sealed class AnnouncingStore(IModelRegistryStore inner) : IModelRegistryStore
{
    public IModelArtifactStore Artifacts { get; } = new AnnouncingArtifacts(inner.Artifacts);

    public Task<ModelRecord?> ReadAsync(string name, CancellationToken cancellationToken) => inner.ReadAsync(name, cancellationToken);

    public Task<ModelVersion?> ReadVersionAsync(string name, int version, CancellationToken cancellationToken) => inner.ReadVersionAsync(name, version, cancellationToken);

    public Task<ModelVersion?> ReadAliasAsync(string name, string aliasName, CancellationToken cancellationToken) => inner.ReadAliasAsync(name, aliasName, cancellationToken);

    public Task<T> UpdateAsync<T>(string name, Func<IModelRecordUpdate, CancellationToken, ValueTask<T>> update, CancellationToken cancellationToken) =>
        inner.UpdateAsync(name, update, cancellationToken);

    public Task<bool> IsArtifactReferencedAsync(string digest, CancellationToken cancellationToken) => inner.IsArtifactReferencedAsync(digest, cancellationToken);

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken) => inner.ListModelsAsync(cancellationToken);

    public Task<IAsyncDisposable> LockArtifactsAsync(CancellationToken cancellationToken) => inner.LockArtifactsAsync(cancellationToken);

    public Task<RegistryReclaimResult> ReclaimAsync(CancellationToken cancellationToken) => inner.ReclaimAsync(cancellationToken);

    private sealed class AnnouncingArtifacts(IModelArtifactStore inner) : IModelArtifactStore
    {
        public Task<StagedArtifact> StageAsync(Stream content, CancellationToken cancellationToken) => inner.StageAsync(content, cancellationToken);

        public async Task PublishAsync(StagedArtifact staged, CancellationToken cancellationToken)
        {
            await inner.PublishAsync(staged, cancellationToken);
            Console.WriteLine("published");
            Console.Out.Flush();
        }

        public Task DiscardAsync(StagedArtifact staged) => inner.DiscardAsync(staged);

        public Task<Stream?> OpenAsync(string digest, CancellationToken cancellationToken) => inner.OpenAsync(digest, cancellationToken);

        public Task DeleteAsync(string digest, CancellationToken cancellationToken) => inner.DeleteAsync(digest, cancellationToken);

        public IAsyncEnumerable<StoredArtifact> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task<StagingReclaimResult> ReclaimStagingAsync(CancellationToken cancellationToken) => inner.ReclaimStagingAsync(cancellationToken);
    }
}
