namespace MlSystems.Registry;

/// <summary>An immutable registered model version.</summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">The version number, 1 for the first; never reused, even after a delete.</param>
/// <param name="Digest">The artifact's content address, <c>sha256:</c> and 64 lowercase hex digits.</param>
/// <param name="Size">The artifact's size in bytes.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="Metadata">Its metadata.</param>
/// <param name="Archived">True once archived: it stays loadable but cannot receive an alias.</param>
public sealed record ModelVersion(string Name, int Version, string Digest, long Size, DateTimeOffset CreatedAt, ModelVersionMetadata Metadata, bool Archived = false);
