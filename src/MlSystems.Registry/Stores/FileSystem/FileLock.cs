namespace MlSystems.Registry;

/// <summary>
/// An exclusive lock on a lock file, across threads and processes on one host: the file is opened with
/// <see cref="FileShare.None"/>, which .NET maps to an advisory <c>flock</c> on Unix and to a sharing mode on Windows.
/// </summary>
internal sealed class FileLock : IAsyncDisposable
{
    private readonly FileStream stream;

    private FileLock(FileStream stream) => this.stream = stream;

    /// <summary>Waits for the lock, backing off from 1 ms to 50 ms between attempts.</summary>
    /// <exception cref="ModelRegistryException">The lock was not obtained within <paramref name="timeout"/>.</exception>
    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        long start = time.GetTimestamp();
        int delay = 1;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
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

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
