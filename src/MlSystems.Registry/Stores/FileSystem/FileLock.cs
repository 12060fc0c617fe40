namespace MlSystems.Registry;

/// <summary>
/// An exclusive lock on a lock file, across threads and processes on one host: the file is opened with
/// <see cref="FileShare.None"/>, which .NET maps to an advisory <c>flock</c> on Unix and to a sharing mode on Windows.
/// A process that dies releases its locks with its file descriptors, which is what lets <see cref="TryAcquireExisting"/>
/// tell a dead owner's file from a live one's.
/// </summary>
internal sealed class FileLock : IAsyncDisposable
{
    private readonly FileStream stream;

    private FileLock(FileStream stream, string path)
    {
        this.stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Waits for the lock, creating the file when absent, backing off from 1 ms to 50 ms between attempts.</summary>
    /// <exception cref="ModelRegistryException">The lock was not obtained within <paramref name="timeout"/>.</exception>
    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        long start = time.GetTimestamp();
        int delay = 1;
        while (true)
        {
            try
            {
                return Open(path, FileMode.OpenOrCreate);
            }
            catch (IOException) when (time.GetElapsedTime(start) < timeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), time, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
            catch (IOException exception)
            {
                throw new ModelRegistryException($"The lock '{path}' was not obtained within {timeout}.", exception);
            }
        }
    }

    /// <summary>
    /// Creates the lock file and locks it, or returns null when the name is taken. A file another process removed between
    /// this process's create and lock (on Unix those are two calls) counts as taken, so a lock returned here always
    /// holds the file that is at <paramref name="path"/>.
    /// </summary>
    /// <exception cref="IOException">The file could not be created for another reason (a missing directory, a full disk).</exception>
    public static FileLock? TryCreate(string path)
    {
        FileLock created;
        try
        {
            created = Open(path, FileMode.CreateNew);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Taken: by an earlier holder of the name, or locked by a reclaim in the gap between create and lock.
            return null;
        }

        // A reclaimer that locked the new file in that gap deleted it before it unlocked; what is held now is unlinked.
        if (!File.Exists(path))
        {
            created.stream.Dispose();
            return null;
        }

        return created;
    }

    /// <summary>Locks an existing lock file without waiting, or returns null when it is held or gone.</summary>
    public static FileLock? TryAcquireExisting(string path)
    {
        try
        {
            return Open(path, FileMode.Open);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes the lock file and releases the lock. On Unix the file is deleted while still held, so nobody can lock it
    /// between the two steps; Windows refuses to delete a file opened without delete sharing, so it is released first
    /// (its sharing modes are taken atomically with the open, so no one can then hold the deleted name).
    /// </summary>
    public async ValueTask DeleteAndReleaseAsync()
    {
        if (OperatingSystem.IsWindows())
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            File.Delete(Path);
        }
        else
        {
            File.Delete(Path);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Releases the lock, leaving the file.</summary>
    public ValueTask DisposeAsync() => stream.DisposeAsync();

    private static FileLock Open(string path, FileMode mode) =>
        new(new FileStream(path, mode, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None), path);
}
