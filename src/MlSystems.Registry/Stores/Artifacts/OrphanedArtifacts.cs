namespace MlSystems.Registry;

/// <summary>Finds and deletes published artifacts no version references: the last sweep of a registry store's reclaim.</summary>
internal static class OrphanedArtifacts
{
    /// <summary>How many listed artifacts are checked against the references at once.</summary>
    public const int BatchSize = 1_000;

    /// <summary>
    /// Deletes every artifact <paramref name="artifacts"/> lists whose digest <paramref name="referenced"/> does not return.
    /// Call it under the artifact lock: a registration holds it from publishing its artifact to recording the version, so
    /// an unreferenced artifact seen then was left by a writer that died.
    /// </summary>
    /// <param name="artifacts">Where the bytes are.</param>
    /// <param name="referenced">Given up to <see cref="BatchSize"/> digests, the ones a version records.</param>
    /// <param name="cancellationToken">Stops the sweep between deletions.</param>
    /// <returns>How many artifacts were deleted and their bytes.</returns>
    public static async Task<(int Count, long Bytes)> DeleteAsync(
        IModelArtifactStore artifacts,
        Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlySet<string>>> referenced,
        CancellationToken cancellationToken)
    {
        var batch = new List<StoredArtifact>(BatchSize);
        (int Count, long Bytes) total = (0, 0);
        await foreach (StoredArtifact artifact in artifacts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(artifact);
            if (batch.Count == BatchSize)
            {
                total = Add(total, await SweepAsync(artifacts, batch, referenced, cancellationToken).ConfigureAwait(false));
                batch.Clear();
            }
        }

        return Add(total, await SweepAsync(artifacts, batch, referenced, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Deletes every listed artifact whose digest is not in <paramref name="referenced"/>, for a store that holds every
    /// reference at hand (files, memory); call it under the artifact lock, as the overload above.
    /// </summary>
    public static Task<(int Count, long Bytes)> DeleteAsync(IModelArtifactStore artifacts, IReadOnlySet<string> referenced, CancellationToken cancellationToken) =>
        DeleteAsync(artifacts, (_, _) => Task.FromResult(referenced), cancellationToken);

    private static async Task<(int Count, long Bytes)> SweepAsync(
        IModelArtifactStore artifacts,
        List<StoredArtifact> batch,
        Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlySet<string>>> referenced,
        CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return (0, 0);
        }

        IReadOnlySet<string> kept = await referenced([.. batch.Select(a => a.Digest)], cancellationToken).ConfigureAwait(false);
        (int Count, long Bytes) swept = (0, 0);
        foreach (StoredArtifact artifact in batch)
        {
            if (!kept.Contains(artifact.Digest))
            {
                await artifacts.DeleteAsync(artifact.Digest, cancellationToken).ConfigureAwait(false);
                swept = (swept.Count + 1, swept.Bytes + artifact.Size);
            }
        }

        return swept;
    }

    private static (int, long) Add((int Count, long Bytes) a, (int Count, long Bytes) b) => (a.Count + b.Count, a.Bytes + b.Bytes);
}
