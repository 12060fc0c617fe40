using MlSystems.Registry;

/// <summary>A store that prints "published" (flushed) once it has made a staged artifact readable, so a test knows the moment.</summary>
internal sealed class AnnouncingStore(IModelRegistryStore inner) : IModelRegistryStore
{
    public Task<ModelRecord?> ReadAsync(string name, CancellationToken cancellationToken) => inner.ReadAsync(name, cancellationToken);

    public Task<ModelVersion?> ReadVersionAsync(string name, int version, CancellationToken cancellationToken) => inner.ReadVersionAsync(name, version, cancellationToken);

    public Task<ModelVersion?> ReadAliasAsync(string name, string aliasName, CancellationToken cancellationToken) => inner.ReadAliasAsync(name, aliasName, cancellationToken);

    public Task<T> UpdateAsync<T>(string name, Func<IModelRecordUpdate, CancellationToken, ValueTask<T>> update, CancellationToken cancellationToken) =>
        inner.UpdateAsync(name, update, cancellationToken);

    public Task<bool> IsArtifactReferencedAsync(string digest, CancellationToken cancellationToken) => inner.IsArtifactReferencedAsync(digest, cancellationToken);

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken) => inner.ListModelsAsync(cancellationToken);

    public Task<IAsyncDisposable> LockArtifactsAsync(CancellationToken cancellationToken) => inner.LockArtifactsAsync(cancellationToken);

    public Task<StagedArtifact> StageArtifactAsync(Stream content, CancellationToken cancellationToken) => inner.StageArtifactAsync(content, cancellationToken);

    public async Task PublishArtifactAsync(StagedArtifact staged, CancellationToken cancellationToken)
    {
        await inner.PublishArtifactAsync(staged, cancellationToken);
        Console.WriteLine("published");
        Console.Out.Flush();
    }

    public Task DiscardArtifactAsync(StagedArtifact staged) => inner.DiscardArtifactAsync(staged);

    public Task<Stream?> OpenArtifactAsync(string digest, CancellationToken cancellationToken) => inner.OpenArtifactAsync(digest, cancellationToken);

    public Task DeleteArtifactAsync(string digest, CancellationToken cancellationToken) => inner.DeleteArtifactAsync(digest, cancellationToken);

    public Task<RegistryReclaimResult> ReclaimAsync(CancellationToken cancellationToken) => inner.ReclaimAsync(cancellationToken);
}
