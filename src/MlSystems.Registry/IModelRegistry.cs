namespace MlSystems.Registry;

/// <summary>
/// A model registry: registered models by name, immutable content-addressed versions, aliases moved by
/// compare-and-swap with an append-only history, archive and delete rules, search, and change notifications.
/// </summary>
/// <remarks>
/// Every name and alias is validated (ASCII letters, digits, '.', '_', '-'; no ".."; at most 128 and 64 characters):
/// an invalid one raises <see cref="ArgumentException"/> naming the parameter. Every artifact is verified against its
/// SHA-256 digest when opened.
/// </remarks>
public interface IModelRegistry
{
    /// <summary>
    /// Notifications of every change made through this instance, delivered synchronously after the change is durable, and,
    /// over a store shared by several hosts that reports their changes (<see cref="IModelRegistryChangeSource"/>), of every
    /// change the other hosts make, delivered in commit order from a background thread shortly after it.
    /// </summary>
    IObservable<RegistryChange> Changes { get; }

    /// <summary>
    /// Registers <paramref name="artifact"/> as the next version of <paramref name="name"/> (creating the model on its first
    /// version). Idempotent: bytes already registered under this model return the existing version unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The name or metadata is invalid, or the stream is not readable.</exception>
    Task<ModelVersion> RegisterAsync(string name, Stream artifact, ModelVersionMetadata? metadata = null, CancellationToken cancellationToken = default);

    /// <summary>A version, or null when it does not exist (never registered, or deleted).</summary>
    Task<ModelVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>The version an alias points to, or null when the model or alias does not exist.</summary>
    Task<ModelVersion?> GetByAliasAsync(string name, string aliasName, CancellationToken cancellationToken = default);

    /// <summary>The model's versions, ascending; empty when the model does not exist.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, bool includeArchived = true, CancellationToken cancellationToken = default);

    /// <summary>The model's aliases (alias → version); empty when the model does not exist.</summary>
    Task<IReadOnlyDictionary<string, int>> GetAliasesAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The names of all registered models, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>The versions matching every criterion of <paramref name="query"/>, by model name then version.</summary>
    Task<IReadOnlyList<ModelVersion>> SearchAsync(ModelQuery query, CancellationToken cancellationToken = default);

    /// <summary>Opens a version's artifact after verifying its SHA-256 digest.</summary>
    /// <remarks>
    /// The whole artifact is hashed before the stream is returned, in memory bounded by a copy buffer whatever its size:
    /// a store's seekable stream is hashed and rewound (the file store's handle shares no write access and survives a
    /// rename over the file), any other is spooled to a self-deleting temporary file. The caller disposes the stream.
    /// </remarks>
    /// <exception cref="ModelNotFoundException">The version does not exist.</exception>
    /// <exception cref="ModelIntegrityException">The stored bytes do not match the digest, or are missing.</exception>
    Task<Stream> OpenArtifactAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Points <paramref name="aliasName"/> at <paramref name="version"/> if the alias satisfies <paramref name="condition"/>, recording the move.</summary>
    /// <exception cref="AliasConflictException">The alias does not satisfy the condition; nothing changed.</exception>
    /// <exception cref="ModelNotFoundException">The version does not exist.</exception>
    /// <exception cref="ModelVersionInUseException">The version is archived.</exception>
    Task<AliasMove> SetAliasAsync(string name, string aliasName, int version, AliasCondition condition, AliasChange? change = null, CancellationToken cancellationToken = default);

    /// <summary>Removes an alias if it satisfies <paramref name="condition"/>, recording the move.</summary>
    /// <exception cref="AliasConflictException">The alias does not satisfy the condition; nothing changed.</exception>
    /// <exception cref="ModelNotFoundException">The alias does not exist.</exception>
    Task<AliasMove> RemoveAliasAsync(string name, string aliasName, AliasCondition condition, AliasChange? change = null, CancellationToken cancellationToken = default);

    /// <summary>The moves of one alias, or of all when <paramref name="aliasName"/> is null, oldest first.</summary>
    Task<IReadOnlyList<AliasMove>> GetAliasHistoryAsync(string name, string? aliasName = null, CancellationToken cancellationToken = default);

    /// <summary>Archives a version: it stays loadable but can no longer be aliased. Archiving twice is a no-op.</summary>
    /// <exception cref="ModelNotFoundException">The version does not exist.</exception>
    /// <exception cref="ModelVersionInUseException">An alias points to it.</exception>
    Task<ModelVersion> ArchiveAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Deletes a version and, when no other version shares them, its bytes. Its number is never reused.</summary>
    /// <exception cref="ModelNotFoundException">The version does not exist.</exception>
    /// <exception cref="ModelVersionInUseException">An alias points to it.</exception>
    Task DeleteVersionAsync(string name, int version, CancellationToken cancellationToken = default);
}
