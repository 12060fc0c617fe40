using System.Collections.Concurrent;

namespace MlSystems.Features;

/// <summary>
/// The in-process <see cref="IOnlineFeatureStore"/>: one immutable snapshot per entity, swapped atomically on write, so a
/// read is a dictionary lookup and a copy — no lock, no allocation. Besides the asynchronous interface (which completes
/// synchronously) it offers span-based <see cref="Write"/>, <see cref="Read"/>, <see cref="WriteMany"/> and
/// <see cref="ReadMany"/> for in-process callers; a store shared by several hosts lives in MlSystems.Features.Redis.
/// </summary>
/// <remarks>
/// With a time to live, a vector whose event time is that long before the clock is expired: it reads as missing and is
/// released, by the read that finds it or by a sweep that runs on the writing thread once the writes since the last
/// sweep reach half the entities held (at least 1,024), so memory holds only the entities written within the time to
/// live and a sweep's O(entities) cost is spread over as many writes. Without one, every entity ever written is kept.
/// </remarks>
public sealed class InMemoryOnlineFeatureStore : IOnlineFeatureStore
{
    private const int MinimumSweepInterval = 1_024;

    private readonly ConcurrentDictionary<string, Snapshot> vectors = new(StringComparer.Ordinal);
    private readonly FeatureTelemetry? telemetry;
    private readonly KeyValuePair<string, object?> setTag;
    private readonly long timeToLive;
    private readonly TimeProvider time;
    private long reads, writes, ignored, missing, stale, expired;
    private long writesSinceSweep;
    private long sweepInterval = MinimumSweepInterval;
    private int sweeping;

    /// <summary>Creates a store for vectors of <paramref name="width"/> values that keeps every entity written.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is not positive.</exception>
    public InMemoryOnlineFeatureStore(int width)
        : this(width, "", telemetry: null, timeToLive: null, timeProvider: null)
    {
    }

    /// <summary>Creates a store for vectors of <paramref name="width"/> values that releases those older than <paramref name="timeToLive"/>.</summary>
    /// <param name="width">The vector length.</param>
    /// <param name="timeToLive">How long after its event time a vector is kept.</param>
    /// <param name="timeProvider">The clock expiry is measured on; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The width or the time to live is not positive.</exception>
    public InMemoryOnlineFeatureStore(int width, TimeSpan timeToLive, TimeProvider? timeProvider = null)
        : this(width, "", telemetry: null, timeToLive, timeProvider)
    {
    }

    internal InMemoryOnlineFeatureStore(int width, string featureSet, FeatureTelemetry? telemetry, TimeSpan? timeToLive, TimeProvider? timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (timeToLive is TimeSpan ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(timeToLive));
        }

        Width = width;
        this.telemetry = telemetry;
        this.timeToLive = timeToLive?.Ticks ?? 0;
        time = timeProvider ?? TimeProvider.System;
        setTag = new KeyValuePair<string, object?>(TelemetryTags.FeatureSet, featureSet);
    }

    /// <summary>The vector length.</summary>
    public int Width { get; }

    /// <summary>The entities with a vector held (expired ones not yet released included).</summary>
    public int Count => vectors.Count;

    /// <summary>Reads, writes, ignored writes, missing reads, stale reads and released vectors so far.</summary>
    public OnlineFeatureStoreCounters Counters =>
        new(Interlocked.Read(ref reads), Interlocked.Read(ref writes), Interlocked.Read(ref ignored), Interlocked.Read(ref missing), Interlocked.Read(ref stale), Interlocked.Read(ref expired));

    /// <summary>Releases every expired vector now (a no-op without a time to live); writes do this on their own as well.</summary>
    /// <returns>How many were released.</returns>
    public int RemoveExpired()
    {
        if (timeToLive == 0)
        {
            return 0;
        }

        DateTimeOffset now = time.GetUtcNow();
        int removed = 0;
        foreach (KeyValuePair<string, Snapshot> entry in vectors)
        {
            // Removes the entry only if it is still this snapshot: a newer write racing the sweep is kept.
            if (IsExpired(entry.Value, now) && vectors.TryRemove(entry))
            {
                removed++;
            }
        }

        if (removed > 0)
        {
            Interlocked.Add(ref expired, removed);
            telemetry?.StoreExpired.Add(removed, setTag);
        }

        return removed;
    }

    /// <summary>Stores <paramref name="vector"/> for <paramref name="entity"/> as of <paramref name="eventTime"/>, unless a vector of the same or a later event time is already there.</summary>
    /// <exception cref="ArgumentException">The entity is not a valid key (<see cref="OnlineFeatureStoreLimits.ValidateEntity(string, string)"/>), or the vector's length is not <see cref="Width"/>.</exception>
    public FeatureWriteOutcome Write(string entity, DateTimeOffset eventTime, ReadOnlySpan<double> vector)
    {
        OnlineFeatureStoreLimits.ValidateWrite(entity, vector.Length, Width);
        return Apply(entity, eventTime, sequence: 0, vector);
    }

    /// <summary>Stores many vectors, each under the rule of <see cref="Write"/>; all are checked before the first is stored.</summary>
    /// <param name="writes">The vectors.</param>
    /// <param name="outcomes">Receives each write's outcome, in order.</param>
    /// <exception cref="ArgumentException">A write is invalid (its position named) or <paramref name="outcomes"/> is too short; nothing was stored.</exception>
    public void WriteMany(ReadOnlySpan<FeatureVectorWrite> writes, Span<FeatureWriteOutcome> outcomes)
    {
        OnlineFeatureStoreLimits.ValidateWrites(writes, outcomes.Length, Width);
        for (int i = 0; i < writes.Length; i++)
        {
            outcomes[i] = Apply(writes[i].Entity, writes[i].EventTime, writes[i].Sequence, writes[i].Vector.Span);
        }
    }

    /// <summary>Reads many entities' vectors; entity i's lands at [i·<see cref="Width"/>, (i + 1)·<see cref="Width"/>) of <paramref name="destination"/>, untouched when missing.</summary>
    /// <exception cref="ArgumentException">An entity is invalid (its position named), a buffer is too short, or the maximum age is negative.</exception>
    public void ReadMany(IReadOnlyList<string> entities, Span<double> destination, Span<FeatureReadStatus> statuses, DateTimeOffset now, TimeSpan maxAge)
    {
        OnlineFeatureStoreLimits.ValidateReads(entities, destination.Length, statuses.Length, maxAge, Width);
        for (int i = 0; i < entities.Count; i++)
        {
            statuses[i] = Lookup(entities[i], destination.Slice(i * Width, Width), now, maxAge);
        }
    }

    /// <inheritdoc/>
    public ValueTask<FeatureWriteOutcome> WriteAsync(string entity, DateTimeOffset eventTime, ReadOnlyMemory<double> vector, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<FeatureWriteOutcome>(Write(entity, eventTime, vector.Span));
    }

    /// <inheritdoc/>
    public ValueTask WriteManyAsync(IReadOnlyList<FeatureVectorWrite> writes, Memory<FeatureWriteOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        FeatureVectorWrite[] batch = writes as FeatureVectorWrite[] ?? [.. writes];
        WriteMany(batch, outcomes.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<FeatureReadStatus> ReadAsync(string entity, Memory<double> destination, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<FeatureReadStatus>(Read(entity, destination.Span, now, maxAge));
    }

    /// <inheritdoc/>
    public ValueTask ReadManyAsync(IReadOnlyList<string> entities, Memory<double> destination, Memory<FeatureReadStatus> statuses, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ReadMany(entities, destination.Span, statuses.Span, now, maxAge);
        return ValueTask.CompletedTask;
    }

    private FeatureWriteOutcome Apply(string entity, DateTimeOffset eventTime, long sequence, ReadOnlySpan<double> vector)
    {
        var next = new Snapshot(eventTime, sequence, vector.ToArray());
        SweepWhenDue();
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

            bool newer = current.EventTime < eventTime || (current.EventTime == eventTime && current.Sequence < sequence);
            if (!newer && !IsExpired(current, time.GetUtcNow()))
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

    /// <summary>Copies the entity's vector to <paramref name="destination"/> and says whether it is fresh relative to <paramref name="now"/> and <paramref name="maxAge"/>; allocates nothing.</summary>
    /// <exception cref="ArgumentException">The entity is not a valid key, the destination is shorter than <see cref="Width"/>, or the maximum age is negative.</exception>
    public FeatureReadStatus Read(string entity, Span<double> destination, DateTimeOffset now, TimeSpan maxAge)
    {
        OnlineFeatureStoreLimits.ValidateRead(entity, destination.Length, maxAge, Width);
        return Lookup(entity, destination, now, maxAge);
    }

    private FeatureReadStatus Lookup(string entity, Span<double> destination, DateTimeOffset now, TimeSpan maxAge)
    {
        Interlocked.Increment(ref reads);
        if (vectors.TryGetValue(entity, out Snapshot? snapshot) && IsExpired(snapshot, time.GetUtcNow()) && vectors.TryRemove(new KeyValuePair<string, Snapshot>(entity, snapshot)))
        {
            Interlocked.Increment(ref expired);
            telemetry?.StoreExpired.Add(1, setTag);
            snapshot = null;
        }

        if (snapshot is null)
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

    private bool IsExpired(Snapshot snapshot, DateTimeOffset now) => timeToLive > 0 && (now - snapshot.EventTime).Ticks >= timeToLive;

    private void SweepWhenDue()
    {
        // The interval is set from the count after each sweep: ConcurrentDictionary.Count takes every lock, too dear per write.
        if (timeToLive == 0 || Interlocked.Increment(ref writesSinceSweep) < Volatile.Read(ref sweepInterval))
        {
            return;
        }

        // One writer sweeps; the others go on writing.
        if (Interlocked.Exchange(ref sweeping, 1) == 0)
        {
            try
            {
                Interlocked.Exchange(ref writesSinceSweep, 0);
                RemoveExpired();
                Volatile.Write(ref sweepInterval, Math.Max(MinimumSweepInterval, vectors.Count / 2));
            }
            finally
            {
                Volatile.Write(ref sweeping, 0);
            }
        }
    }

    private sealed record Snapshot(DateTimeOffset EventTime, long Sequence, double[] Values);
}
