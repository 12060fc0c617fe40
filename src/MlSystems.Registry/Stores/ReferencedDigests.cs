namespace MlSystems.Registry;

/// <summary>The artifacts a store's versions need, for collecting the rest.</summary>
internal static class ReferencedDigests
{
    /// <summary>
    /// The digest of every version of every model. Call it under the artifact lock: registrations and deletions hold
    /// it while they change which digests are referenced, so the set cannot move under the caller.
    /// </summary>
    public static async Task<HashSet<string>> CollectAsync(IModelRegistryStore store, CancellationToken cancellationToken)
    {
        var digests = new HashSet<string>(StringComparer.Ordinal);
        foreach (string model in await store.ListModelsAsync(cancellationToken).ConfigureAwait(false))
        {
            ModelRecord? record = await store.ReadAsync(model, cancellationToken).ConfigureAwait(false);
            foreach (ModelVersion version in record?.Versions ?? [])
            {
                digests.Add(version.Digest);
            }
        }

        return digests;
    }
}
