namespace MlSystems.Registry;

/// <summary>A published artifact, as <see cref="IModelArtifactStore.ListAsync"/> reports it.</summary>
/// <param name="Digest">The content address, <c>sha256:</c> and 64 lowercase hex digits.</param>
/// <param name="Size">The stored size in bytes.</param>
public sealed record StoredArtifact(string Digest, long Size);
