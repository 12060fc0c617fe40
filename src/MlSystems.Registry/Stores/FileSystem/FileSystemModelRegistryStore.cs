using MlSystems.IO;
using System.Text.Json;

namespace MlSystems.Registry;

/// <summary>
/// The embedded default store: a plain directory a person can inspect.
/// <code>
/// root/
///   models/&lt;name&gt;/model.json     versions, aliases, alias history (indented JSON)
///   models/&lt;name&gt;/.lock          the model's update lock
///   blobs/sha256/ab/&lt;hex&gt;        artifacts, named by their SHA-256
///   staging/&lt;id&gt;.partial          an artifact being received (never read)
///   staging/&lt;id&gt;.lock             held by the process receiving it, for as long as it lives
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
    private readonly string blobs;
    private readonly string staging;
    private readonly string artifactLock;
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
        blobs = Directory.CreateDirectory(Path.Combine(Root, "blobs", "sha256")).FullName;
        staging = Directory.CreateDirectory(Path.Combine(Root, "staging")).FullName;
        artifactLock = Path.Combine(Root, ".artifacts.lock");
    }

    /// <summary>The store's directory (absolute).</summary>
    public string Root { get; }

    /// <summary>How long a lock is waited for.</summary>
    public TimeSpan LockTimeout { get; }

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
    /// <remarks>The staged file's lock is held until the artifact is discarded, so a reclaim running meanwhile in any
    /// process leaves it alone, and one running after this process died removes it.</remarks>
    public async Task<StagedArtifact> StageArtifactAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        FileLock owner = ClaimStagingSlot();
        string path = Path.ChangeExtension(owner.Path, ".partial");
        try
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous);
            (string digest, long size) copied;
            await using (file.ConfigureAwait(false))
            {
                copied = await ArtifactDigest.CopyAsync(content, file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            return new StagedArtifact(copied.digest, copied.size, new StagingSlot(path, owner));
        }
        catch
        {
            File.Delete(path);
            await owner.DeleteAndReleaseAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task PublishArtifactAsync(StagedArtifact staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staged);
        string target = BlobPath(staged.Digest);
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(((StagingSlot)staged.StoreState).Partial, target);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task DiscardArtifactAsync(StagedArtifact staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var slot = (StagingSlot)staged.StoreState;

        // The file goes before its lock: a partial file whose lock is gone is, to a reclaim, one nobody owns.
        File.Delete(slot.Partial);
        await slot.Owner.DeleteAndReleaseAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<Stream?> OpenArtifactAsync(string digest, CancellationToken cancellationToken)
    {
        string path = BlobPath(digest);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Reads every model's record: the cost grows with the store, as a delete's collection always has here.</remarks>
    public async Task<bool> IsArtifactReferencedAsync(string digest, CancellationToken cancellationToken) =>
        (await ReferencedDigests.CollectAsync(this, cancellationToken).ConfigureAwait(false)).Contains(digest);

    /// <inheritdoc/>
    public Task DeleteArtifactAsync(string digest, CancellationToken cancellationToken)
    {
        File.Delete(BlobPath(digest));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Three sweeps, each taking only what no live writer can own:
    /// <list type="bullet">
    /// <item>a staged artifact whose lock file can be locked (its process is gone; the operating system released its
    /// lock), or whose lock file is gone (created before the artifact and deleted after it, so only a dead writer leaves
    /// that);</item>
    /// <item>temporary record files in a model's directory while this call holds the model's update lock (every record is
    /// written under it, so any temporary file seen then was left by a writer that died);</item>
    /// <item>blobs no version of any model references, while this call holds the artifact lock.</item>
    /// </list>
    /// A model directory a killed first registration left without a record is kept: it is a few bytes, and removing it
    /// could race a writer about to lock it. Files the store did not write are never touched.
    /// </remarks>
    public async Task<RegistryReclaimResult> ReclaimAsync(CancellationToken cancellationToken)
    {
        Tally staged = new(), records = new(), orphaned = new();
        int inUse = await ReclaimStagingAsync(staged).ConfigureAwait(false);
        await ReclaimTemporaryRecordsAsync(records).ConfigureAwait(false);
        await ReclaimBlobsAsync(orphaned, cancellationToken).ConfigureAwait(false);
        return new RegistryReclaimResult(staged.Files, records.Files, orphaned.Files, staged.Bytes + records.Bytes + orphaned.Bytes, inUse);
    }

    /// <summary>The path of an artifact's file (for inspection and tests).</summary>
    public string BlobPath(string digest)
    {
        string hex = ArtifactDigest.Hex(digest);
        return Path.Combine(blobs, hex[..2], hex);
    }

    private FileLock ClaimStagingSlot()
    {
        // A fresh random name is taken unless a reclaim raced its creation (see FileLock.TryCreate); then another is drawn.
        // That race can also surface as an error once the reclaim has deleted the file; a real fault (the directory gone,
        // the disk full) repeats, and its error reaches the caller.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (FileLock.TryCreate(Path.Combine(staging, $"{Guid.NewGuid():N}.lock")) is FileLock slot)
                {
                    return slot;
                }
            }
            catch (IOException) when (attempt < 4)
            {
            }
        }
    }

    /// <returns>How many staged artifacts live writers still own.</returns>
    private async Task<int> ReclaimStagingAsync(Tally tally)
    {
        int inUse = 0;
        foreach (string lockPath in Directory.EnumerateFiles(staging, "*.lock"))
        {
            FileLock? owner = FileLock.TryAcquireExisting(lockPath);
            if (owner is null)
            {
                inUse += File.Exists(lockPath) ? 1 : 0;
                continue;
            }

            tally.Delete(Path.ChangeExtension(lockPath, ".partial"));
            await owner.DeleteAndReleaseAsync().ConfigureAwait(false);
        }

        // Files from before staging locks existed, and those whose lock went while the file stayed (a reclaim killed between its two deletes).
        foreach (string partial in Directory.EnumerateFiles(staging, "*.partial"))
        {
            if (!File.Exists(Path.ChangeExtension(partial, ".lock")))
            {
                tally.Delete(partial);
            }
        }

        return inUse;
    }

    private async Task ReclaimTemporaryRecordsAsync(Tally tally)
    {
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
                    tally.Delete(temporary);
                }
            }
        }
    }

    private async Task ReclaimBlobsAsync(Tally tally, CancellationToken cancellationToken)
    {
        IAsyncDisposable artifacts = await LockArtifactsAsync(cancellationToken).ConfigureAwait(false);
        await using (artifacts.ConfigureAwait(false))
        {
            HashSet<string> referenced = await ReferencedDigests.CollectAsync(this, cancellationToken).ConfigureAwait(false);
            foreach (string blob in Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories))
            {
                string name = Path.GetFileName(blob);
                if (ArtifactDigest.IsHex(name) && Path.GetFileName(Path.GetDirectoryName(blob)) == name[..2] && !referenced.Contains(ArtifactDigest.Prefix + name))
                {
                    tally.Delete(blob);
                }
            }
        }
    }

    /// <summary>The files a sweep deleted and their bytes.</summary>
    private sealed class Tally
    {
        public int Files { get; private set; }

        public long Bytes { get; private set; }

        /// <summary>Deletes a file and counts it; one already gone (another reclaim took it) is not counted.</summary>
        public void Delete(string path)
        {
            try
            {
                long size = new FileInfo(path).Length;
                File.Delete(path);
                Files++;
                Bytes += size;
            }
            catch (FileNotFoundException)
            {
            }
        }
    }

    private sealed record StagingSlot(string Partial, FileLock Owner);

    private string RecordPath(string name)
    {
        // The registry validates names; a store used directly must not be walked out of either.
        RegistryNames.Model(name, nameof(name));
        return Path.Combine(models, name, "model.json");
    }
}
