using System.Text;

namespace MlSystems.Features;

/// <summary>The bounds every <see cref="IOnlineFeatureStore"/> enforces on what it is given.</summary>
public static class OnlineFeatureStoreLimits
{
    /// <summary>The longest entity key, in UTF-16 characters (at most 3,072 UTF-8 bytes on the wire).</summary>
    public const int MaxEntityLength = 1_024;

    /// <summary>Throws unless <paramref name="entity"/> is a valid key: non-empty, at most <see cref="MaxEntityLength"/> characters, well-formed UTF-16 (a lone surrogate would collide with U+FFFD once encoded).</summary>
    /// <param name="entity">The key.</param>
    /// <param name="paramName">The parameter named in the error.</param>
    /// <exception cref="ArgumentException">The key is invalid.</exception>
    public static void ValidateEntity(string entity, string paramName = "entity")
    {
        if (Problem(entity) is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }
    }

    /// <summary>As <see cref="ValidateEntity(string, string)"/>, naming the key's position in a batch.</summary>
    internal static void ValidateEntity(string entity, string paramName, int position)
    {
        if (Problem(entity) is { } problem)
        {
            throw new ArgumentException($"Entity {position} of the batch: {problem}", paramName);
        }
    }

    /// <summary>Checks one write's arguments, as every store does before it touches anything.</summary>
    /// <param name="entity">The entity key.</param>
    /// <param name="vector">The vector's length.</param>
    /// <param name="width">The store's width.</param>
    internal static void ValidateWrite(string entity, int vector, int width)
    {
        ValidateEntity(entity, nameof(entity));
        if (vector != width)
        {
            throw new ArgumentException($"The vector has {vector} values; this store holds {width}.", nameof(vector));
        }
    }

    /// <summary>Checks one read's arguments, as every store does before it looks anything up.</summary>
    /// <param name="entity">The entity key.</param>
    /// <param name="destination">The destination's length.</param>
    /// <param name="maxAge">The reader's maximum age.</param>
    /// <param name="width">The store's width.</param>
    internal static void ValidateRead(string entity, int destination, TimeSpan maxAge, int width)
    {
        ValidateEntity(entity, nameof(entity));
        if (destination < width)
        {
            throw new ArgumentException($"The destination has {destination} values; this store holds {width}.", nameof(destination));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, TimeSpan.Zero);
    }

    /// <summary>Checks a batch of writes whole, naming the first bad one, so a batch is stored entirely or not at all.</summary>
    internal static void ValidateWrites(ReadOnlySpan<FeatureVectorWrite> writes, int outcomes, int width)
    {
        if (outcomes < writes.Length)
        {
            throw new ArgumentException($"{writes.Length} writes need as many outcomes; the buffer has {outcomes}.", nameof(outcomes));
        }

        for (int i = 0; i < writes.Length; i++)
        {
            ValidateEntity(writes[i].Entity, nameof(writes), i);
            if (writes[i].Vector.Length != width)
            {
                throw new ArgumentException($"Write {i} (entity '{writes[i].Entity}') has {writes[i].Vector.Length} values; this store holds {width}.", nameof(writes));
            }

            if (writes[i].Sequence < 0)
            {
                throw new ArgumentException($"Write {i} (entity '{writes[i].Entity}') has sequence {writes[i].Sequence}; sequences start at 0.", nameof(writes));
            }
        }
    }

    /// <summary>Checks a batch read's arguments before any lookup.</summary>
    internal static void ValidateReads(IReadOnlyList<string> entities, int destination, int statuses, TimeSpan maxAge, int width)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, TimeSpan.Zero);
        if ((long)entities.Count * width > destination)
        {
            throw new ArgumentException($"{entities.Count} entities of {width} values need {(long)entities.Count * width}; the destination has {destination}.", nameof(destination));
        }

        if (statuses < entities.Count)
        {
            throw new ArgumentException($"{entities.Count} entities need as many statuses; the buffer has {statuses}.", nameof(statuses));
        }

        for (int i = 0; i < entities.Count; i++)
        {
            ValidateEntity(entities[i], nameof(entities), i);
        }
    }

    private static string? Problem(string entity) =>
        string.IsNullOrEmpty(entity) ? "An entity key must not be null or empty."
        : entity.Length > MaxEntityLength ? $"An entity key has at most {MaxEntityLength} characters; this one has {entity.Length}."
        : !IsWellFormed(entity) ? "An entity key must be well-formed UTF-16: this one has a lone surrogate."
        : null;

    private static bool IsWellFormed(string entity)
    {
        // Ascii.IsValid is vectorised; only keys with non-ASCII characters pay for the rune walk.
        if (Ascii.IsValid(entity))
        {
            return true;
        }

        ReadOnlySpan<char> rest = entity;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out int used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
