using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace MlSystems.Rollout;

/// <summary>
/// The stable bucket of a routing key: a number in [0, 100] that depends only on the key, the experiment name and the
/// hash, never on the process (<see cref="string.GetHashCode()"/> is randomised per process and would re-shuffle users
/// on every restart).
/// </summary>
/// <remarks>
/// A key is assigned to the arm whose percentage range holds its bucket, so growing a range from 5 to 25 keeps every
/// key that was in it: ramps are monotonic by construction.
/// </remarks>
public static class StableBucket
{
    /// <summary>Keys up to this many UTF-8 bytes are hashed from the stack; longer ones borrow a pooled buffer.</summary>
    private const int StackBytes = 512;

    /// <summary>The bucket of <paramref name="routingKey"/> in the experiment <paramref name="name"/>.</summary>
    /// <param name="routingKey">The user or session id; not empty.</param>
    /// <param name="name">The experiment or feature name that salts the hash.</param>
    /// <param name="hash">The hash; <see cref="RoutingHash.FeatureManagement"/> by default.</param>
    /// <returns>A value in [0, 100].</returns>
    /// <exception cref="ArgumentException">The key is empty or the name is null or blank.</exception>
    public static double Of(ReadOnlySpan<char> routingKey, string name, RoutingHash hash = RoutingHash.FeatureManagement)
    {
        RolloutArguments.Name(name, nameof(name));
        if (routingKey.IsEmpty)
        {
            throw new ArgumentException("The routing key is empty.", nameof(routingKey));
        }

        return hash switch
        {
            RoutingHash.FeatureManagement => FeatureManagement(routingKey, Encoding.UTF8.GetBytes("\n" + name)),
            RoutingHash.XxHash => XxHash(routingKey, SeedOf(name)),
            _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "Unknown routing hash."),
        };
    }

    /// <summary>The XxHash seed of an experiment name.</summary>
    internal static long SeedOf(string name) => (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(name.AsSpan()));

    /// <summary>SHA-256 of UTF-8("key" + "\n" + name), with the suffix already encoded.</summary>
    internal static double FeatureManagement(ReadOnlySpan<char> routingKey, ReadOnlySpan<byte> newlineAndName)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(routingKey.Length) + newlineAndName.Length;
        byte[]? rented = maxBytes > StackBytes ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[StackBytes];
            int written = Encoding.UTF8.GetBytes(routingKey, buffer);
            newlineAndName.CopyTo(buffer[written..]);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..(written + newlineAndName.Length)], digest);
            return Scale(BinaryPrimitives.ReadUInt32LittleEndian(digest));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    internal static double XxHash(ReadOnlySpan<char> routingKey, long seed) =>
        Scale((uint)(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(routingKey), seed) >> 32));

    /// <summary>FeatureManagement's scaling, operation for operation, so that the doubles agree to the last bit.</summary>
    private static double Scale(uint marker) => marker / (double)uint.MaxValue * 100;
}
