namespace MlSystems.Registry;

/// <summary>
/// Artifact bytes as plain files in a directory, named by their SHA-256. The file store keeps its artifacts here; a
/// registry whose records live elsewhere (PostgreSQL) can keep its bytes here too, on a volume every host mounts.
/// <code>
/// root/
///   blobs/sha256/ab/&lt;hex&gt;     artifacts, named by their SHA-256
///   staging/&lt;id&gt;.partial       an artifact being received (never read)
///   staging/&lt;id&gt;.lock          held by the process receiving it, for as long as it lives
/// </code>
/// </summary>
/// <remarks>
/// An artifact is received into <c>staging/</c>, flushed to disk, and published by an atomic rename into <c>blobs/</c>, so
/// a reader sees all of it or nothing. Each staged file has a lock file its writer holds open; the operating system
/// releases the lock when the writer dies, which is how <see cref="ReclaimStagingAsync"/> tells a dead writer's file
/// from a live one's. Shared between hosts, the directory must be one volume (the rename must stay atomic) whose file
/// locks work across them (a local disk, NFSv4, SMB); on one without working locks, do not reclaim while others write.
/// Thread-safe.
/// </remarks>
public sealed class FileSystemArtifactStore : IModelArtifactStore
{
    private readonly string blobs;
    private readonly string staging;

    /// <summary>Opens (creating it when absent) the artifact directory at <paramref name="root"/>.</summary>
    /// <param name="root">The directory; <c>blobs/</c> and <c>staging/</c> are created inside it.</param>
    /// <exception cref="ArgumentException">The root is blank.</exception>
    public FileSystemArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        blobs = Directory.CreateDirectory(Path.Combine(Root, "blobs", "sha256")).FullName;
        staging = Directory.CreateDirectory(Path.Combine(Root, "staging")).FullName;
    }

    /// <summary>The directory (absolute).</summary>
    public string Root { get; }

    /// <inheritdoc/>
    /// <remarks>The staged file's lock is held until the artifact is discarded, so a reclaim running meanwhile in any
    /// process leaves it alone, and one running after this process died removes it.</remarks>
    public async Task<StagedArtifact> StageAsync(Stream content, CancellationToken cancellationToken)
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
    public Task PublishAsync(StagedArtifact staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staged);
        StagingSlot slot = Slot(staged);
        string target = BlobPath(staged.Digest);
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(slot.Partial, target);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another writer published the same digest between the check and the move: the same bytes are there.
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task DiscardAsync(StagedArtifact staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        StagingSlot slot = Slot(staged);

        // The file goes before its lock: a partial file whose lock is gone is, to a reclaim, one nobody owns.
        File.Delete(slot.Partial);
        await slot.Owner.DeleteAndReleaseAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<Stream?> OpenAsync(string digest, CancellationToken cancellationToken)
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
    public Task DeleteAsync(string digest, CancellationToken cancellationToken)
    {
        string path = BlobPath(digest);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // No artifact with this digest's two-digit prefix was ever published: nothing to delete.
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>Files in <c>blobs/</c> that the store did not name (not 64 hex digits in their two-digit folder) are not listed.</remarks>
    public IAsyncEnumerable<StoredArtifact> ListAsync(CancellationToken cancellationToken) => List(cancellationToken).ToAsyncEnumerable();

    /// <inheritdoc/>
    /// <remarks>
    /// Takes a staged file whose lock file can be locked (its process is gone; the operating system released its lock), or
    /// whose lock file is gone (created before the file and deleted after it, so only a dead writer leaves that).
    /// </remarks>
    public async Task<StagingReclaimResult> ReclaimStagingAsync(CancellationToken cancellationToken)
    {
        var deleted = new DeletedFiles();
        int inUse = 0;
        foreach (string lockPath in Directory.EnumerateFiles(staging, "*.lock"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            FileLock? owner = FileLock.TryAcquireExisting(lockPath);
            if (owner is null)
            {
                inUse += File.Exists(lockPath) ? 1 : 0;
                continue;
            }

            deleted.Delete(Path.ChangeExtension(lockPath, ".partial"));
            await owner.DeleteAndReleaseAsync().ConfigureAwait(false);
        }

        // Files from before staging locks existed, and those whose lock went while the file stayed (a reclaim killed between its two deletes).
        foreach (string partial in Directory.EnumerateFiles(staging, "*.partial"))
        {
            if (!File.Exists(Path.ChangeExtension(partial, ".lock")))
            {
                deleted.Delete(partial);
            }
        }

        return new StagingReclaimResult(deleted.Count, deleted.Bytes, inUse);
    }

    /// <summary>The path of an artifact's file (for inspection and tests).</summary>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not <c>sha256:</c> and 64 lowercase hex digits.</exception>
    public string BlobPath(string digest)
    {
        string hex = ArtifactDigest.Hex(digest);
        return Path.Combine(blobs, hex[..2], hex);
    }

    private IEnumerable<StoredArtifact> List(CancellationToken cancellationToken)
    {
        foreach (string blob in Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = Path.GetFileName(blob);
            if (!ArtifactDigest.IsHex(name) || Path.GetFileName(Path.GetDirectoryName(blob)) != name[..2])
            {
                continue;
            }

            long size;
            try
            {
                size = new FileInfo(blob).Length;
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            yield return new StoredArtifact(ArtifactDigest.Prefix + name, size);
        }
    }

    private static StagingSlot Slot(StagedArtifact staged) =>
        staged.StoreState as StagingSlot ?? throw new ArgumentException("The artifact was not staged by a file-system artifact store.", nameof(staged));

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

    private sealed record StagingSlot(string Partial, FileLock Owner);
}
