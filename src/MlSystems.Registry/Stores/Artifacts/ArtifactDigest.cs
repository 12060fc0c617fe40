using System.Security.Cryptography;

namespace MlSystems.Registry;

/// <summary>Content addresses: <c>sha256:</c> and the lowercase hex SHA-256 of the bytes.</summary>
internal static class ArtifactDigest
{
    public const string Prefix = "sha256:";

    public static string Format(ReadOnlySpan<byte> hash) => Prefix + Convert.ToHexStringLower(hash);

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, returning the digest and length.</summary>
    public static async Task<(string Digest, long Size)> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[81_920];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            size += read;
        }

        return (Format(hash.GetHashAndReset()), size);
    }

    /// <summary>The hex part of a well-formed digest.</summary>
    /// <exception cref="ArgumentException">The digest is not <c>sha256:</c> and 64 lowercase hex digits.</exception>
    public static string Hex(string digest)
    {
        if (digest is null || digest.Length != Prefix.Length + 64 || !digest.StartsWith(Prefix, StringComparison.Ordinal) || !digest.AsSpan(Prefix.Length).ContainsOnlyLowercaseHex())
        {
            throw new ArgumentException($"'{digest}' is not a sha256 digest.", nameof(digest));
        }

        return digest[Prefix.Length..];
    }

    /// <summary>Whether <paramref name="text"/> is 64 lowercase hex digits, the hex part of a digest.</summary>
    public static bool IsHex(string text) => text.Length == 64 && text.AsSpan().ContainsOnlyLowercaseHex();

    private static bool ContainsOnlyLowercaseHex(this ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
