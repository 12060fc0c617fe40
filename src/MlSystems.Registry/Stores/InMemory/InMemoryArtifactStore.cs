using System.Collections.Concurrent;

namespace MlSystems.Registry;

/// <summary>The in-memory store's artifacts: byte arrays by digest. Staging buffers the artifact; nothing outlives the process.</summary>
internal sealed class InMemoryArtifactStore : IModelArtifactStore
{
    private readonly ConcurrentDictionary<string, byte[]> artifacts = new(StringComparer.Ordinal);

    public async Task<StagedArtifact> StageAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        (string digest, long size) = await ArtifactDigest.CopyAsync(content, buffer, cancellationToken).ConfigureAwait(false);
        return new StagedArtifact(digest, size, buffer.ToArray());
    }

    public Task PublishAsync(StagedArtifact staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staged);
        byte[] bytes = Bytes(staged);
        artifacts.TryAdd(staged.Digest, bytes);
        return Task.CompletedTask;
    }

    public Task DiscardAsync(StagedArtifact staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        _ = Bytes(staged);
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenAsync(string digest, CancellationToken cancellationToken)
    {
        ArtifactDigest.Hex(digest);
        return Task.FromResult<Stream?>(artifacts.TryGetValue(digest, out byte[]? bytes) ? new MemoryStream(bytes, writable: false) : null);
    }

    public Task DeleteAsync(string digest, CancellationToken cancellationToken)
    {
        ArtifactDigest.Hex(digest);
        artifacts.TryRemove(digest, out _);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<StoredArtifact> ListAsync(CancellationToken cancellationToken) =>
        artifacts.Select(pair => new StoredArtifact(pair.Key, pair.Value.LongLength)).ToAsyncEnumerable();

    public Task<StagingReclaimResult> ReclaimStagingAsync(CancellationToken cancellationToken) => Task.FromResult(StagingReclaimResult.None);

    /// <summary>Replaces an artifact's stored bytes, as a disk fault or an attacker would.</summary>
    public void Corrupt(string digest, byte[] bytes) => artifacts[digest] = bytes;

    private static byte[] Bytes(StagedArtifact staged) =>
        staged.StoreState as byte[] ?? throw new ArgumentException("The artifact was not staged by an in-memory store.", nameof(staged));
}
