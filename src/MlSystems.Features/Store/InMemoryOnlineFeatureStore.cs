using System.Collections.Concurrent;

namespace MlSystems.Features;

/// <summary>
/// The default <see cref="IOnlineFeatureStore"/>: one immutable snapshot per entity, swapped atomically on write, so a
/// read is a dictionary lookup and a copy — no lock, no allocation.
/// </summary>
public sealed class InMemoryOnlineFeatureStore : IOnlineFeatureStore
{
    private readonly ConcurrentDictionary<string, Snapshot> vectors = new(StringComparer.Ordinal);
    private readonly FeatureTelemetry? telemetry;
    private readonly KeyValuePair<string, object?> setTag;
    private long reads, writes, ignored, missing, stale;

    /// <summary>Creates a store for vectors of <paramref name="width"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is not positive.</exception>
    public InMemoryOnlineFeatureStore(int width)
        : this(width, "", telemetry: null)
    {
    }

    internal InMemoryOnlineFeatureStore(int width, string featureSet, FeatureTelemetry? telemetry)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Width = width;
        this.telemetry = telemetry;
        setTag = new KeyValuePair<string, object?>(TelemetryTags.FeatureSet, featureSet);
    }

    /// <summary>The vector length.</summary>
    public int Width { get; }

    /// <summary>Reads, writes, ignored writes, missing reads and stale reads so far.</summary>
    public OnlineFeatureStoreCounters Counters =>
        new(Interlocked.Read(ref reads), Interlocked.Read(ref writes), Interlocked.Read(ref ignored), Interlocked.Read(ref missing), Interlocked.Read(ref stale));

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The entity is empty, or the vector's length is not <see cref="Width"/>.</exception>
    public FeatureWriteOutcome Write(string entity, DateTimeOffset eventTime, ReadOnlySpan<double> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(entity);
        if (vector.Length != Width)
        {
            throw new ArgumentException($"The vector has {vector.Length} values; this store holds {Width}.", nameof(vector));
        }

        var next = new Snapshot(eventTime, vector.ToArray());
        while (true)
        {
            if (!vectors.TryGetValue(entity, out Snapshot? current))
            {
                if (vectors.TryAdd(entity, next))
                {
                    Interlocked.Increment(ref writes);
                    return FeatureWriteOutcome.Written;
                }

                continue;
            }

            if (current.EventTime >= eventTime)
            {
                Interlocked.Increment(ref ignored);
                return FeatureWriteOutcome.Ignored;
            }

            if (vectors.TryUpdate(entity, next, current))
            {
                Interlocked.Increment(ref writes);
                return FeatureWriteOutcome.Written;
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="Width"/>, or the maximum age is negative.</exception>
    public FeatureReadStatus Read(string entity, Span<double> destination, DateTimeOffset now, TimeSpan maxAge)
    {
        if (destination.Length < Width)
        {
            throw new ArgumentException($"The destination has {destination.Length} values; this store holds {Width}.", nameof(destination));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, TimeSpan.Zero);
        Interlocked.Increment(ref reads);
        if (!vectors.TryGetValue(entity, out Snapshot? snapshot))
        {
            Interlocked.Increment(ref missing);
            telemetry?.StoreReads.Add(1, setTag, new KeyValuePair<string, object?>(TelemetryTags.Status, "missing"));
            return FeatureReadStatus.Missing;
        }

        snapshot.Values.CopyTo(destination);
        if (now - snapshot.EventTime > maxAge)
        {
            Interlocked.Increment(ref stale);
            telemetry?.StoreReads.Add(1, setTag, new KeyValuePair<string, object?>(TelemetryTags.Status, "stale"));
            return FeatureReadStatus.Stale;
        }

        telemetry?.StoreReads.Add(1, setTag, new KeyValuePair<string, object?>(TelemetryTags.Status, "fresh"));
        return FeatureReadStatus.Fresh;
    }

    private sealed record Snapshot(DateTimeOffset EventTime, double[] Values);
}
