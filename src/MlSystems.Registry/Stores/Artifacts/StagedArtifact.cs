namespace MlSystems.Registry;

/// <summary>
/// An artifact an <see cref="IModelArtifactStore"/> has received and hashed but not yet published: invisible to every
/// reader until <see cref="IModelArtifactStore.PublishAsync"/>, released by <see cref="IModelArtifactStore.DiscardAsync"/>.
/// </summary>
/// <param name="Digest">The content address, <c>sha256:</c> and 64 lowercase hex digits.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="StoreState">Whatever the store needs to publish or discard it (a temporary path, a buffer).</param>
public sealed record StagedArtifact(string Digest, long Size, object StoreState);
