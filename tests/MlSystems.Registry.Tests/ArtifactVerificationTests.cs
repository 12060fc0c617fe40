using System.Security.Cryptography;

namespace MlSystems.Registry.Tests;

/// <summary>Opening an artifact verifies it whole before returning it, without holding it in memory.</summary>
public sealed class ArtifactVerificationTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mlsystems-artifacts-").FullName;

    [Fact]
    public async Task A_file_store_artifact_is_verified_and_returned_as_its_own_file_not_a_copy_in_memory()
    {
        var registry = new ModelRegistry(new FileSystemModelRegistryStore(root));
        byte[] model = RandomNumberGenerator.GetBytes(8 << 20);
        await registry.RegisterAsync("big", new MemoryStream(model));

        await using Stream opened = await registry.OpenArtifactAsync("big", 1);
        Assert.IsType<FileStream>(opened);
        Assert.Equal(0, opened.Position);
        Assert.Equal(SHA256.HashData(model), await SHA256.HashDataAsync(opened));
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_is_spooled_to_a_temporary_file_that_goes_with_the_stream()
    {
        var registry = new ModelRegistry(new NonSeekableStore(new InMemoryModelRegistryStore()));
        byte[] model = RandomNumberGenerator.GetBytes(1 << 20);
        await registry.RegisterAsync("big", new MemoryStream(model));

        Stream opened = await registry.OpenArtifactAsync("big", 1);
        string spool = Assert.IsType<FileStream>(opened).Name;
        Assert.True(File.Exists(spool));
        Assert.Equal(SHA256.HashData(model), await SHA256.HashDataAsync(opened));
        await opened.DisposeAsync();
        Assert.False(File.Exists(spool));
    }

    [Fact]
    public async Task An_altered_non_seekable_artifact_is_refused_and_leaves_no_spool_file()
    {
        var store = new NonSeekableStore(new InMemoryModelRegistryStore()) { Tamper = true };
        var registry = new ModelRegistry(store);
        await registry.RegisterAsync("big", new MemoryStream(RandomNumberGenerator.GetBytes(100_000)));
        string[] before = Directory.GetFiles(Path.GetTempPath(), "mlsystems-artifact-*.tmp");

        await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.OpenArtifactAsync("big", 1));
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "mlsystems-artifact-*.tmp"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>A store whose artifacts read as a network stream would: forward only, optionally with one byte flipped.</summary>
    private sealed class NonSeekableStore(IModelRegistryStore inner) : IModelRegistryStore
    {
        private readonly NonSeekableArtifacts artifacts = new(inner.Artifacts);

        public bool Tamper { get => artifacts.Tamper; init => artifacts.Tamper = value; }

        public IModelArtifactStore Artifacts => artifacts;

        public Task<ModelRecord?> ReadAsync(string name, CancellationToken cancellationToken) => inner.ReadAsync(name, cancellationToken);

        public Task<ModelVersion?> ReadVersionAsync(string name, int version, CancellationToken cancellationToken) => inner.ReadVersionAsync(name, version, cancellationToken);

        public Task<ModelVersion?> ReadAliasAsync(string name, string aliasName, CancellationToken cancellationToken) => inner.ReadAliasAsync(name, aliasName, cancellationToken);

        public Task<T> UpdateAsync<T>(string name, Func<IModelRecordUpdate, CancellationToken, ValueTask<T>> update, CancellationToken cancellationToken) => inner.UpdateAsync(name, update, cancellationToken);

        public Task<bool> IsArtifactReferencedAsync(string digest, CancellationToken cancellationToken) => inner.IsArtifactReferencedAsync(digest, cancellationToken);

        public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken) => inner.ListModelsAsync(cancellationToken);

        public Task<IAsyncDisposable> LockArtifactsAsync(CancellationToken cancellationToken) => inner.LockArtifactsAsync(cancellationToken);

        public Task<RegistryReclaimResult> ReclaimAsync(CancellationToken cancellationToken) => inner.ReclaimAsync(cancellationToken);
    }

    private sealed class NonSeekableArtifacts(IModelArtifactStore inner) : IModelArtifactStore
    {
        public bool Tamper { get; set; }

        public Task<StagedArtifact> StageAsync(Stream content, CancellationToken cancellationToken) => inner.StageAsync(content, cancellationToken);

        public Task PublishAsync(StagedArtifact staged, CancellationToken cancellationToken) => inner.PublishAsync(staged, cancellationToken);

        public Task DiscardAsync(StagedArtifact staged) => inner.DiscardAsync(staged);

        public async Task<Stream?> OpenAsync(string digest, CancellationToken cancellationToken)
        {
            if (await inner.OpenAsync(digest, cancellationToken) is not { } stream)
            {
                return null;
            }

            byte[] bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            if (Tamper)
            {
                bytes[^1] ^= 1;
            }

            return new ForwardOnly(bytes);
        }

        public Task DeleteAsync(string digest, CancellationToken cancellationToken) => inner.DeleteAsync(digest, cancellationToken);

        public IAsyncEnumerable<StoredArtifact> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task<StagingReclaimResult> ReclaimStagingAsync(CancellationToken cancellationToken) => inner.ReclaimStagingAsync(cancellationToken);
    }

    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
