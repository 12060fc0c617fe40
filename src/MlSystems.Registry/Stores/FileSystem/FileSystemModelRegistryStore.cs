using MlSystems.IO;
using System.Text.Json;

namespace MlSystems.Registry;

/// <summary>
/// The embedded default store: a plain directory a person can inspect.
/// <code>
/// root/
///   models/&lt;name&gt;/model.json     versions, aliases, alias history (indented JSON)
///   models/&lt;name&gt;/.lock          the model's update lock
///   blobs/, staging/              the artifacts (a <see cref="FileSystemArtifactStore"/> on the same root)
///   .artifacts.lock               the store-wide artifact lock
/// </code>
/// </summary>
/// <remarks>
/// Every file becomes visible by an atomic rename of a fully written and flushed temporary file, so a crash at any point
/// leaves either the old state or the new one, never a partial file; an interrupted registration leaves at most an
/// unreferenced file in <c>staging/</c>, <c>blobs/</c> or a model's directory, which no reader sees and
/// <see cref="ReclaimAsync"/> removes. Updates hold an exclusive lock file, so threads and processes on one host (sharing a
/// local file system) serialise; network file systems without working <c>flock</c> are not supported.
/// </remarks>
public sealed class FileSystemModelRegistryStore : IModelRegistryStore
{
    /// <summary>How long a lock is waited for by default: 30 seconds.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    private readonly string models;
    private readonly string artifactLock;
    private readonly FileSystemArtifactStore artifacts;
    private readonly TimeProvider time;

    /// <summary>Opens (creating it when absent) the store rooted at <paramref name="root"/>.</summary>
    /// <param name="root">The directory.</param>
    /// <param name="lockTimeout">How long to wait for a lock; 30 seconds by default.</param>
    /// <param name="timeProvider">The clock for lock back-off; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The root is blank.</exception>
    public FileSystemModelRegistryStore(string root, TimeSpan? lockTimeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        LockTimeout = lockTimeout ?? DefaultLockTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LockTimeout, TimeSpan.Zero, nameof(lockTimeout));
        time = timeProvider ?? TimeProvider.System;
        models = Directory.CreateDirectory(Path.Combine(Root, "models")).FullName;
        artifacts = new FileSystemArtifactStore(Root);
        artifactLock = Path.Combine(Root, ".artifacts.lock");
    }

    /// <summary>The store's directory (absolute).</summary>
    public string Root { get; }

    /// <summary>How long a lock is waited for.</summary>
    public TimeSpan LockTimeout { get; }

    /// <summary>The artifacts, in <c>blobs/</c> and <c>staging/</c> under <see cref="Root"/>.</summary>
    public FileSystemArtifactStore Artifacts => artifacts;

    IModelArtifactStore IModelRegistryStore.Artifacts => artifacts;

    /// <inheritdoc/>
    public async Task<ModelRecord?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        string path = RecordPath(name);
        try
        {
            // Sharing delete lets a writer rename a new record over this one while it is read (needed on Windows).
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 16_384, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, RegistryJsonContext.Default.ModelRecord, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException exception)
        {
            throw new ModelRegistryException($"The record '{path}' is not valid registry JSON.", exception);
        }
    }

    /// <inheritdoc/>
    public async Task<ModelVersion?> ReadVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        (await ReadAsync(name, cancellationToken).ConfigureAwait(false))?.Versions.FirstOrDefault(v => v.Version == version);

    /// <inheritdoc/>
    public async Task<ModelVersion?> ReadAliasAsync(string name, string aliasName, CancellationToken cancellationToken)
    {
        RegistryNames.Alias(aliasName, nameof(aliasName));
        return (await ReadAsync(name, cancellationToken).ConfigureAwait(false))?.Aliased(aliasName);
    }

    /// <inheritdoc/>
    /// <remarks>The record is one file, read and replaced whole (an atomic rename) under the model's lock file.</remarks>
    public async Task<T> UpdateAsync<T>(string name, Func<IModelRecordUpdate, CancellationToken, ValueTask<T>> update, CancellationToken cancellationToken)
    {
        // The name is checked before anything is created: a refused name leaves no directory and no lock file.
        RegistryNames.Model(name, nameof(name));
        ArgumentNullException.ThrowIfNull(update);
        string directory = Directory.CreateDirectory(Path.Combine(models, name)).FullName;
        FileLock held = await FileLock.AcquireAsync(Path.Combine(directory, ".lock"), LockTimeout, time, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            var edit = new ModelRecordEdit(name, await ReadAsync(name, cancellationToken).ConfigureAwait(false));
            T result = await update(edit, cancellationToken).ConfigureAwait(false);
            if (edit.Edited is { } record)
            {
                await AtomicFile.WriteAsync(RecordPath(name), stream => JsonSerializer.SerializeAsync(stream, record, RegistryJsonContext.Default.ModelRecord, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> names = [.. Directory.EnumerateDirectories(models)
            .Where(d => File.Exists(Path.Combine(d, "model.json")))
            .Select(d => Path.GetFileName(d)!)];
        return Task.FromResult(names);
    }

    /// <inheritdoc/>
    public async Task<IAsyncDisposable> LockArtifactsAsync(CancellationToken cancellationToken) =>
        await FileLock.AcquireAsync(artifactLock, LockTimeout, time, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <remarks>Reads every model's record: the cost grows with the store, as a delete's collection always has here.</remarks>
    public async Task<bool> IsArtifactReferencedAsync(string digest, CancellationToken cancellationToken) =>
        (await ReferencedDigests.CollectAsync(this, cancellationToken).ConfigureAwait(false)).Contains(digest);

    /// <inheritdoc/>
    /// <remarks>
    /// Three sweeps, each taking only what no live writer can own:
    /// <list type="bullet">
    /// <item>staged artifacts whose writer is gone (see <see cref="FileSystemArtifactStore.ReclaimStagingAsync"/>);</item>
    /// <item>temporary record files in a model's directory while this call holds the model's update lock (every record is
    /// written under it, so any temporary file seen then was left by a writer that died);</item>
    /// <item>blobs no version of any model references, while this call holds the artifact lock.</item>
    /// </list>
    /// A model directory a killed first registration left without a record is kept: it is a few bytes, and removing it
    /// could race a writer about to lock it. Files the store did not write are never touched.
    /// </remarks>
    public async Task<RegistryReclaimResult> ReclaimAsync(CancellationToken cancellationToken)
    {
        StagingReclaimResult staged = await artifacts.ReclaimStagingAsync(cancellationToken).ConfigureAwait(false);
        DeletedFiles records = await ReclaimTemporaryRecordsAsync().ConfigureAwait(false);
        (int count, long bytes) orphaned;
        IAsyncDisposable held = await LockArtifactsAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            HashSet<string> referenced = await ReferencedDigests.CollectAsync(this, cancellationToken).ConfigureAwait(false);
            orphaned = await OrphanedArtifacts.DeleteAsync(artifacts, referenced, cancellationToken).ConfigureAwait(false);
        }

        return new RegistryReclaimResult(staged.Removed, records.Count, orphaned.count, staged.Bytes + records.Bytes + orphaned.bytes, staged.InUse);
    }

    private async Task<DeletedFiles> ReclaimTemporaryRecordsAsync()
    {
        var deleted = new DeletedFiles();
        foreach (string directory in Directory.EnumerateDirectories(models))
        {
            FileLock? update = FileLock.TryAcquireExisting(Path.Combine(directory, ".lock"));
            if (update is null)
            {
                continue;
            }

            await using (update.ConfigureAwait(false))
            {
                foreach (string temporary in Directory.EnumerateFiles(directory, "model.json.*.tmp"))
                {
                    deleted.Delete(temporary);
                }
            }
        }

        return deleted;
    }

    private string RecordPath(string name)
    {
        // The registry validates names; a store used directly must not be walked out of either.
        RegistryNames.Model(name, nameof(name));
        return Path.Combine(models, name, "model.json");
    }
}
