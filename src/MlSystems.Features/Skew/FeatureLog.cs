using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// A sampled log of served feature vectors, the evidence for skew checks. Sampling is by the request id's hash, so a
/// request is logged on every host or on none, and a rerun logs the same requests. The log keeps the newest
/// <see cref="Capacity"/> vectors; older ones are evicted and counted.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class FeatureLog
{
    private readonly ServedVector[] ring;
    private readonly ulong threshold;
    private readonly Lock gate = new();
    private long next, offered, logged;

    /// <summary>Creates a log.</summary>
    /// <param name="width">The vector length.</param>
    /// <param name="sampleRate">The share of requests logged, in (0, 1]; default 0.01.</param>
    /// <param name="capacity">How many vectors are kept; default 100,000.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public FeatureLog(int width, double sampleRate = 0.01, int capacity = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        if (!(sampleRate > 0 && sampleRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must lie in (0, 1].");
        }

        Width = width;
        SampleRate = sampleRate;
        Capacity = capacity;
        ring = new ServedVector[capacity];
        threshold = sampleRate >= 1 ? ulong.MaxValue : (ulong)(sampleRate * ulong.MaxValue);
    }

    /// <summary>The vector length.</summary>
    public int Width { get; }

    /// <summary>The share of requests logged.</summary>
    public double SampleRate { get; }

    /// <summary>How many vectors are kept.</summary>
    public int Capacity { get; }

    /// <summary>Requests offered, vectors logged, and vectors evicted to make room.</summary>
    public FeatureLogCounters Counters
    {
        get
        {
            lock (gate)
            {
                return new FeatureLogCounters(offered, logged, Math.Max(0, logged - Capacity));
            }
        }
    }

    /// <summary>Offers a served vector; it is copied and kept when the request falls in the sample.</summary>
    /// <returns>True when it was logged.</returns>
    /// <exception cref="ArgumentException">The request id or entity is empty, or the vector's length is not <see cref="Width"/>.</exception>
    public bool Offer(string requestId, string entity, DateTimeOffset time, ReadOnlySpan<double> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        if (vector.Length != Width)
        {
            throw new ArgumentException($"The vector has {vector.Length} values; this log holds {Width}.", nameof(vector));
        }

        bool sampled = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(requestId.AsSpan())) <= threshold;
        lock (gate)
        {
            offered++;
            if (!sampled)
            {
                return false;
            }

            ring[next++ % Capacity] = new ServedVector(requestId, entity, time, vector.ToArray());
            logged++;
            return true;
        }
    }

    /// <summary>The vectors kept, oldest first.</summary>
    public IReadOnlyList<ServedVector> Snapshot()
    {
        lock (gate)
        {
            int count = (int)Math.Min(next, Capacity);
            var copy = new ServedVector[count];
            for (int i = 0; i < count; i++)
            {
                copy[i] = ring[(next - count + i) % Capacity];
            }

            return copy;
        }
    }
}
