using System.Text;

namespace MlSystems.IO;

/// <summary>
/// Writes a file so that readers see the old content or the new, never a part: into a temporary file beside it, flushed
/// to disk, then renamed over it. A failed or cancelled write leaves the target untouched and removes the temporary file.
/// </summary>
/// <remarks>Linked as source into each package that writes files (the type is internal to each), so they share one
/// mechanism without a public API for it.</remarks>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16_384, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes bytes as they are.</summary>
    public static Task WriteBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteAsync(path, stream => stream.WriteAsync(bytes, cancellationToken).AsTask(), cancellationToken);

    /// <summary>Writes text as UTF-8 without a byte-order mark.</summary>
    public static Task WriteTextAsync(string path, string text, CancellationToken cancellationToken) =>
        WriteBytesAsync(path, Utf8.GetBytes(text), cancellationToken);
}
