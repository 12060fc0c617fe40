using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlSystems.Registry;

/// <summary>
/// The registry's rules over any <see cref="IModelRegistryStore"/>: race-free numbering, content addressing and
/// idempotent registration, compare-and-swap aliases with history, archive and delete rules, integrity on every open.
/// </summary>
/// <remarks>Thread-safe, and safe across processes sharing a store whose updates are (the file-system store's are).</remarks>
public sealed class ModelRegistry : IModelRegistry
{
    private readonly IModelRegistryStore store;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ChangeFeed changes;

    /// <summary>Creates a registry over <paramref name="store"/>.</summary>
    /// <param name="store">The storage.</param>
    /// <param name="timeProvider">The clock for registration and alias-move times; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public ModelRegistry(IModelRegistryStore store, TimeProvider? timeProvider = null, ILogger<ModelRegistry>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        this.store = store;
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        changes = new ChangeFeed(this.logger, store as IModelRegistryChangeSource);
    }

    /// <summary>The store.</summary>
    public IModelRegistryStore Store => store;

    /// <inheritdoc/>
    public IObservable<RegistryChange> Changes => changes;

    /// <inheritdoc/>
    public async Task<ModelVersion> RegisterAsync(string name, Stream artifact, ModelVersionMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        ArgumentNullException.ThrowIfNull(artifact);
        if (!artifact.CanRead)
        {
            throw new ArgumentException("The artifact stream is not readable.", nameof(artifact));
        }

        metadata ??= new ModelVersionMetadata();
        ValidateMetadata(metadata);
        StagedArtifact staged = await store.Artifacts.StageAsync(artifact, cancellationToken).ConfigureAwait(false);
        try
        {
            (ModelVersion version, bool created) result;
            IAsyncDisposable artifacts = await store.LockArtifactsAsync(cancellationToken).ConfigureAwait(false);
            await using (artifacts.ConfigureAwait(false))
            {
                await store.Artifacts.PublishAsync(staged, cancellationToken).ConfigureAwait(false);
                DateTimeOffset now = time.GetUtcNow();
                result = await store.UpdateAsync(name, async (record, token) =>
                {
                    if (await record.FindByDigestAsync(staged.Digest, token).ConfigureAwait(false) is { } existing)
                    {
                        return (existing, false);
                    }

                    var version = new ModelVersion(name, record.LastVersion + 1, staged.Digest, staged.Size, now, metadata);
                    record.AddVersion(version);
                    return (version, true);
                }, cancellationToken).ConfigureAwait(false);
            }

            if (result.created)
            {
                RegistryLog.Registered(logger, name, result.version.Version, result.version.Digest, result.version.Size);
                changes.Publish(new RegistryChange(RegistryChangeKind.VersionRegistered, name, result.version.Version));
            }

            return result.version;
        }
        finally
        {
            await store.Artifacts.DiscardAsync(staged).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<ModelVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        RegistryNames.Version(version);
        return await store.ReadVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ModelVersion?> GetByAliasAsync(string name, string aliasName, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        RegistryNames.Alias(aliasName, nameof(aliasName));
        return await store.ReadAliasAsync(name, aliasName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, bool includeArchived = true, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        ModelRecord? record = await store.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        return record is null ? [] : [.. record.Versions.Where(v => includeArchived || !v.Archived)];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, int>> GetAliasesAsync(string name, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        ModelRecord? record = await store.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        return record is null ? new Dictionary<string, int>() : new Dictionary<string, int>(record.Aliases, StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> names = await store.ListModelsAsync(cancellationToken).ConfigureAwait(false);
        return [.. names.Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ModelVersion>> SearchAsync(ModelQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = new List<ModelVersion>();
        foreach (string name in await ListModelsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (query.NamePrefix is not null && !name.StartsWith(query.NamePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            ModelRecord? record = await store.ReadAsync(name, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                continue;
            }

            int? aliased = query.Alias is null ? null : record.Aliases.TryGetValue(query.Alias, out int v) ? v : -1;
            found.AddRange(record.Versions.Where(version =>
                (query.IncludeArchived || !version.Archived)
                && (aliased is null || version.Version == aliased)
                && (query.TagKey is null || (version.Metadata.Tags.TryGetValue(query.TagKey, out string? value) && (query.TagValue is null || value == query.TagValue)))));
        }

        return found;
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenArtifactAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ModelVersion found = await GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelNotFoundException($"Model '{name}' has no version {version}.");
        Stream? stored = await store.Artifacts.OpenAsync(found.Digest, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelIntegrityException($"The artifact of '{name}' version {version} ({found.Digest}) is missing from the store.");

        // Verified before anyone can read a byte, so a tampered artifact never reaches a deserialiser, in bounded memory:
        // a seekable stream is hashed and rewound; any other is spooled to a temporary file while it is hashed.
        Stream verified = stored.CanSeek ? stored : SpoolFile();
        try
        {
            (string digest, long length) = await ArtifactDigest.CopyAsync(stored, ReferenceEquals(verified, stored) ? Stream.Null : verified, cancellationToken).ConfigureAwait(false);
            if (digest != found.Digest || length != found.Size)
            {
                RegistryLog.IntegrityFailure(logger, name, version, found.Digest, digest);
                throw new ModelIntegrityException($"The artifact of '{name}' version {version} was altered: recorded {found.Digest} ({found.Size} bytes), stored bytes hash to {digest} ({length} bytes).");
            }

            if (!ReferenceEquals(verified, stored))
            {
                await stored.DisposeAsync().ConfigureAwait(false);
            }

            verified.Position = 0;
            return verified;
        }
        catch
        {
            await stored.DisposeAsync().ConfigureAwait(false);
            await verified.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A temporary file that deletes itself when the caller disposes the stream.</summary>
    private static FileStream SpoolFile() => new(
        Path.Combine(Path.GetTempPath(), $"mlsystems-artifact-{Guid.NewGuid():N}.tmp"),
        FileMode.CreateNew,
        FileAccess.ReadWrite,
        FileShare.None,
        81_920,
        FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    /// <inheritdoc/>
    public async Task<AliasMove> SetAliasAsync(string name, string aliasName, int version, AliasCondition condition, AliasChange? change = null, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        RegistryNames.Alias(aliasName, nameof(aliasName));
        RegistryNames.Version(version);
        DateTimeOffset now = time.GetUtcNow();
        AliasMove move = await store.UpdateAsync(name, async (record, token) =>
        {
            if (!record.Exists)
            {
                throw new ModelNotFoundException($"Model '{name}' does not exist.");
            }

            ModelVersion target = await record.GetVersionAsync(version, token).ConfigureAwait(false)
                ?? throw new ModelNotFoundException($"Model '{name}' has no version {version}.");
            if (target.Archived)
            {
                throw new ModelVersionInUseException($"Version {version} of '{name}' is archived and cannot receive the alias '{aliasName}'.");
            }

            int? current = await record.GetAliasAsync(aliasName, token).ConfigureAwait(false);
            if (!condition.IsSatisfiedBy(current))
            {
                throw new AliasConflictException($"Alias '{aliasName}' of '{name}' points to {(current is null ? "nothing" : $"version {current}")}, not {condition}; it was not moved.");
            }

            var aliasMove = new AliasMove(aliasName, current, version, now, change?.Actor, change?.Reason, change?.Evidence);
            record.MoveAlias(aliasMove);
            return aliasMove;
        }, cancellationToken).ConfigureAwait(false);
        RegistryLog.AliasMoved(logger, name, aliasName, move.FromVersion, version, move.Actor, move.Reason);
        changes.Publish(new RegistryChange(RegistryChangeKind.AliasMoved, name, version, aliasName));
        return move;
    }

    /// <inheritdoc/>
    public async Task<AliasMove> RemoveAliasAsync(string name, string aliasName, AliasCondition condition, AliasChange? change = null, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        RegistryNames.Alias(aliasName, nameof(aliasName));
        DateTimeOffset now = time.GetUtcNow();
        AliasMove move = await store.UpdateAsync(name, async (record, token) =>
        {
            int current = await record.GetAliasAsync(aliasName, token).ConfigureAwait(false)
                ?? throw new ModelNotFoundException($"Model '{name}' has no alias '{aliasName}'.");
            if (!condition.IsSatisfiedBy(current))
            {
                throw new AliasConflictException($"Alias '{aliasName}' of '{name}' points to version {current}, not {condition}; it was not removed.");
            }

            var aliasMove = new AliasMove(aliasName, current, null, now, change?.Actor, change?.Reason, change?.Evidence);
            record.MoveAlias(aliasMove);
            return aliasMove;
        }, cancellationToken).ConfigureAwait(false);
        changes.Publish(new RegistryChange(RegistryChangeKind.AliasRemoved, name, move.FromVersion!.Value, aliasName));
        return move;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AliasMove>> GetAliasHistoryAsync(string name, string? aliasName = null, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        if (aliasName is not null)
        {
            RegistryNames.Alias(aliasName, nameof(aliasName));
        }

        ModelRecord? record = await store.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        return record is null ? [] : [.. record.History.Where(m => aliasName is null || m.Alias == aliasName)];
    }

    /// <inheritdoc/>
    public async Task<ModelVersion> ArchiveAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        RegistryNames.Version(version);
        (ModelVersion archived, bool changed) = await store.UpdateAsync(name, async (record, token) =>
        {
            ModelVersion target = await FindAsync(record, version, token).ConfigureAwait(false);
            await RefuseIfAliasedAsync(record, version, "archived", token).ConfigureAwait(false);
            if (target.Archived)
            {
                return (target, false);
            }

            record.ArchiveVersion(version);
            return (target with { Archived = true }, true);
        }, cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            changes.Publish(new RegistryChange(RegistryChangeKind.VersionArchived, name, version));
        }

        return archived;
    }

    /// <inheritdoc/>
    public async Task DeleteVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        RegistryNames.Model(name);
        RegistryNames.Version(version);
        IAsyncDisposable artifacts = await store.LockArtifactsAsync(cancellationToken).ConfigureAwait(false);
        await using (artifacts.ConfigureAwait(false))
        {
            ModelVersion deleted = await store.UpdateAsync(name, async (record, token) =>
            {
                ModelVersion target = await FindAsync(record, version, token).ConfigureAwait(false);
                await RefuseIfAliasedAsync(record, version, "deleted", token).ConfigureAwait(false);
                record.RemoveVersion(version);
                return target;
            }, cancellationToken).ConfigureAwait(false);

            // Content addressing shares bytes between versions and models; they go only with their last reference.
            if (!await store.IsArtifactReferencedAsync(deleted.Digest, cancellationToken).ConfigureAwait(false))
            {
                await store.Artifacts.DeleteAsync(deleted.Digest, cancellationToken).ConfigureAwait(false);
            }
        }

        changes.Publish(new RegistryChange(RegistryChangeKind.VersionDeleted, name, version));
    }

    /// <summary>
    /// Removes what registrations and deletions killed mid-way left in the store (staged artifacts, temporary records,
    /// artifacts no version references), safely while other threads and processes use it: see
    /// <see cref="IModelRegistryStore.ReclaimAsync"/>. Call it when a host starts, or from a timer; a registry never needs
    /// it to be correct, only to keep its disk to what the versions need.
    /// </summary>
    /// <returns>What was removed.</returns>
    public async Task<RegistryReclaimResult> ReclaimAsync(CancellationToken cancellationToken = default)
    {
        RegistryReclaimResult result = await store.ReclaimAsync(cancellationToken).ConfigureAwait(false);
        if (result != RegistryReclaimResult.None)
        {
            RegistryLog.Reclaimed(logger, result.StagedArtifacts, result.TemporaryRecords, result.OrphanedArtifacts, result.BytesReclaimed, result.InUse);
        }

        return result;
    }

    private static async ValueTask<ModelVersion> FindAsync(IModelRecordUpdate record, int version, CancellationToken cancellationToken) =>
        await record.GetVersionAsync(version, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelNotFoundException($"Model '{record.Name}' has no version {version}.");

    private static async ValueTask RefuseIfAliasedAsync(IModelRecordUpdate record, int version, string what, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> aliases = await record.GetAliasesOfAsync(version, cancellationToken).ConfigureAwait(false);
        if (aliases.Count > 0)
        {
            throw new ModelVersionInUseException($"Version {version} of '{record.Name}' cannot be {what}: aliases {string.Join(", ", aliases)} point to it.");
        }
    }

    private static void ValidateMetadata(ModelVersionMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata.Description, nameof(metadata));
        if (metadata.Parameters is null || metadata.Metrics is null || metadata.Tags is null || metadata.InputSchema is null || metadata.OutputSchema is null || metadata.Lineage is null)
        {
            throw new ArgumentException("Metadata collections cannot be null.", nameof(metadata));
        }

        foreach ((string key, double value) in metadata.Metrics)
        {
            if (string.IsNullOrWhiteSpace(key) || !double.IsFinite(value))
            {
                throw new ArgumentException($"Metric '{key}' = {value}: metric names must be non-blank and values finite.", nameof(metadata));
            }
        }

        if (metadata.Tags.Keys.Concat(metadata.Parameters.Keys).Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Tag and parameter names must be non-blank.", nameof(metadata));
        }

        if (metadata.Lineage.ParentVersion is < 1)
        {
            throw new ArgumentException($"The parent version {metadata.Lineage.ParentVersion} is not a version number.", nameof(metadata));
        }
    }
}
