using System.Security.Cryptography;
using System.Text;
using MlSystems.Drift;
using MlSystems.IO;

namespace MlSystems.Monitoring;

/// <summary>
/// Keeps reference profiles as JSON files under one directory, content-addressed: the link is
/// <c>{model}/{sha-256 of the JSON}.json</c>, relative to the directory, so the directory can move and a profile is
/// never overwritten by another.
/// </summary>
/// <remarks>Writes go to a temporary file in the same directory and are renamed into place, so a reader never sees half a
/// profile and a crash leaves at most a stray temporary file. Links that would leave the directory are refused; the
/// check is on the path's text, so symbolic links placed inside the directory are trusted.</remarks>
public sealed class FileSystemReferenceProfileStore : IReferenceProfileStore
{
    private readonly string root;

    /// <summary>Creates the store; the directory is created when missing.</summary>
    /// <param name="directory">The directory holding the profiles.</param>
    /// <exception cref="ArgumentException">The directory is null, empty or white space.</exception>
    public FileSystemReferenceProfileStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
    }

    /// <summary>The directory holding the profiles, as a full path.</summary>
    public string DirectoryPath => root;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The model name is empty or not a valid file name.</exception>
    public async ValueTask<string> SaveAsync(string modelName, ReferenceProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentNullException.ThrowIfNull(profile);
        if (modelName is "." or ".." || modelName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || modelName.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The model name '{modelName}' cannot be a directory name.", nameof(modelName));
        }

        byte[] json = Encoding.UTF8.GetBytes(profile.ToJson());
        string link = $"{modelName}/{Convert.ToHexStringLower(SHA256.HashData(json))}.json";
        string path = Resolve(link);
        if (File.Exists(path))
        {
            return link;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await AtomicFile.WriteBytesAsync(path, json, cancellationToken).ConfigureAwait(false);
        return link;
    }

    /// <inheritdoc/>
    /// <exception cref="FileNotFoundException">No profile is stored under the link.</exception>
    /// <remarks>
    /// The content is verified as the registry verifies artifacts: its SHA-256 must be the digest the link names, so a
    /// profile edited, truncated or swapped on disk is refused rather than silently compared against.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The link is empty, points outside the directory or is not of the form this store writes
    /// (<c>{model}/{64 hex digits}.json</c>); or the file's digest differs from the link's, or it is not a valid profile.
    /// </exception>
    public async ValueTask<ReferenceProfile> LoadAsync(string link, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(link);
        string path = Resolve(link);
        string digest = Path.GetFileNameWithoutExtension(path);
        if (Path.GetExtension(path) != ".json" || digest.Length != 64 || !digest.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"The profile link '{link}' does not name a content digest ({{model}}/{{sha-256}}.json).", nameof(link));
        }

        byte[] json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        string actual = Convert.ToHexStringLower(SHA256.HashData(json));
        if (actual != digest)
        {
            throw new ArgumentException($"The profile '{link}' has been changed on disk: its SHA-256 is {actual}.", nameof(link));
        }

        return ReferenceProfile.FromJson(Encoding.UTF8.GetString(json));
    }

    private string Resolve(string link)
    {
        string path = Path.GetFullPath(Path.Combine(root, link));
        string prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The profile link '{link}' points outside {root}.", nameof(link));
        }

        return path;
    }
}
