namespace MlSystems.Features;

/// <summary>
/// A slice of an engine's entities (by key hash) with its own lock: the entity table, and every feature's state in
/// entity-indexed columns. Ingest takes the lock once per shard per chunk of events; reads take it once per vector.
/// </summary>
internal sealed class EngineShard
{
    private readonly FeatureWindow[] distinctWindows;
    private readonly int[] distinctPrecisions;
    private readonly int[] lastCounts;
    private readonly long lateness;
    private readonly long timeToLive;
    private readonly bool dropLate;
    private readonly SlidingCellStore slidingCells;

    public EngineShard(WindowColumn[] windows, SlidingCellStore slidingCells, FeatureWindow[] distinctWindows, int[] distinctPrecisions, int[] lastCounts, FeatureEngineOptions options)
    {
        Windows = windows;
        this.slidingCells = slidingCells;
        this.distinctWindows = distinctWindows;
        this.distinctPrecisions = distinctPrecisions;
        this.lastCounts = lastCounts;
        Distincts = [.. distinctWindows.Select(_ => Array.Empty<DistinctAggregator?>())];
        Lasts = [.. lastCounts.Select(_ => Array.Empty<LastValues?>())];
        lateness = options.AllowedLateness.Ticks;
        timeToLive = options.EntityTimeToLive?.Ticks ?? 0;
        dropLate = options.LatePolicy == LateEventPolicy.Drop;
    }

    public Lock Gate { get; } = new();

    public EntityTable Entities { get; } = new();

    public WindowColumn[] Windows { get; }

    public DistinctAggregator?[][] Distincts { get; }

    public LastValues?[][] Lasts { get; }

    // Counters, written and read under the lock.
    public long Events;
    public long Late;
    public long Duplicates;
    public long Missing;
    public long Released;

    private int capacity;
    private long watermark = long.MinValue;
    private long[] newest = [];
    private Dictionary<string, long>?[] recentIds = [];

    /// <summary>
    /// Numbers the entities of events <paramref name="from"/> to <paramref name="to"/> of the batch's shard order into
    /// <see cref="IngestBatch.Entities"/>, making room for the new ones, and starts loading their state.
    /// </summary>
    /// <remarks>
    /// Room is made before any new entity is numbered: a sweep for expired entities may release one that an event of this
    /// chunk belongs to, so after a sweep the chunk is looked up again and such an entity is numbered afresh, as new.
    /// </remarks>
    public void Number(IngestBatch batch, int from, int to)
    {
        int unknown = Find(batch, from, to);
        if (unknown == 0)
        {
            return;
        }

        int released = MakeRoom(unknown, sweep: true);
        if (released > 0)
        {
            batch.Released += released;
            MakeRoom(Find(batch, from, to), sweep: false);
        }

        for (int k = from; k < to; k++)
        {
            int j = batch.Order[k];
            if (batch.Entities[j] < 0)
            {
                int entity = Entities.FindOrAdd(batch.Keys[j], batch.Hashes[j]);
                batch.Entities[j] = entity;
                Prefetch(entity);
            }
        }
    }

    /// <summary>
    /// Whether an entity's state as of <paramref name="ticks"/> has outlived the time to live: its newest event is at
    /// least that long before. Such an entity reads, and takes its next event, as one never seen.
    /// </summary>
    public bool Expired(int entity, long ticks)
    {
        long last = newest[entity];
        return timeToLive > 0 && last != long.MinValue && ticks - last >= timeToLive;
    }

    /// <summary>Starts loading an entity's state ahead of <see cref="Apply"/>.</summary>
    public void Prefetch(int entity)
    {
        CachePrefetch.Line(in newest[entity]);
        slidingCells.Prefetch(entity);
    }

    /// <summary>
    /// Whether windows beyond their cells are common enough (a quarter of the cells) for a pass of
    /// <see cref="PrefetchWindows"/> to pay: it reads the cells early, which costs where few windows spill.
    /// </summary>
    public bool MostlyBusy
    {
        get
        {
            long busy = 0;
            foreach (WindowColumn column in Windows)
            {
                busy += column.Busy;
            }

            return busy * 4 >= (long)Entities.Count * Math.Max(1, Windows.Length);
        }
    }

    /// <summary>
    /// Starts loading what the windows hold for an entity beyond its cells; call it once the cells have been prefetched
    /// (<see cref="Number"/>) and some other work has passed, so the cells it reads are in cache.
    /// </summary>
    public void PrefetchWindows(int entity)
    {
        foreach (WindowColumn column in Windows)
        {
            column.Prefetch(entity);
        }
    }

    /// <summary>Folds event <paramref name="j"/> of <paramref name="batch"/> into entity <paramref name="entity"/>'s state.</summary>
    public IngestOutcome Apply(int entity, IngestBatch batch, int j)
    {
        long ticks = batch.Ticks[j];
        Events++;
        if (Expired(entity, ticks))
        {
            Reset(entity);
        }

        ref long entityNewest = ref newest[entity];
        bool isLate = !WithinLateness(entity, ticks);
        if (isLate && dropLate)
        {
            Late++;
            return IngestOutcome.Late;
        }

        long horizon = EventTime.Before(Math.Max(entityNewest, ticks), lateness);
        if (batch.Ids[j] is string id && !Remember(entity, id, ticks, horizon))
        {
            Duplicates++;
            return IngestOutcome.Duplicate;
        }

        int attempted = 0, accepted = 0;
        long missing = 0;
        WindowColumn[] windows = Windows;
        ReadOnlySpan<double> values = batch.WindowValues.AsSpan(j * windows.Length, windows.Length);
        for (int w = 0; w < windows.Length; w++)
        {
            if (!double.IsFinite(values[w]))
            {
                missing++;
                continue;
            }

            attempted++;
            accepted += windows[w].Add(entity, ticks, values[w], horizon) ? 1 : 0;
        }

        for (int d = 0; d < Distincts.Length; d++)
        {
            int at = (j * Distincts.Length) + d;
            if (batch.HasCategory[at])
            {
                attempted++;
                DistinctAggregator distinct = Distincts[d][entity] ??= new DistinctAggregator(distinctWindows[d], distinctPrecisions[d]);
                accepted += distinct.Add(ticks, batch.Categories[at], horizon) ? 1 : 0;
            }
        }

        for (int l = 0; l < Lasts.Length; l++)
        {
            double value = batch.LastValues[(j * Lasts.Length) + l];
            if (!double.IsFinite(value))
            {
                missing++;
                continue;
            }

            attempted++;
            accepted += (Lasts[l][entity] ??= new LastValues(lastCounts[l])).Add(ticks, value, horizon) ? 1 : 0;
        }

        Missing += missing;
        batch.Missing += missing;
        entityNewest = Math.Max(entityNewest, ticks);
        watermark = Math.Max(watermark, ticks);

        // Late: behind the watermark, or older than every window that had a value to take still holds.
        if (isLate || (attempted > 0 && accepted == 0))
        {
            Late++;
            return IngestOutcome.Late;
        }

        return IngestOutcome.Applied;
    }

    /// <summary>
    /// Whether a read for entity <paramref name="entity"/> at <paramref name="ticks"/> is within the lateness of its newest
    /// event, where every window still holds what it held at that time.
    /// </summary>
    public bool WithinLateness(int entity, long ticks) => ticks >= EventTime.Before(newest[entity], lateness);

    /// <summary>Writes an entity's state: its newest event, the ids it remembers (in ordinal order) and every feature's state.</summary>
    public void Save(int entity, SnapshotWriter writer)
    {
        writer.WriteInt64(newest[entity]);
        Dictionary<string, long>? ids = recentIds[entity];
        writer.WriteInt32(ids?.Count ?? 0);
        foreach (KeyValuePair<string, long> id in ids?.OrderBy(p => p.Key, StringComparer.Ordinal) ?? Enumerable.Empty<KeyValuePair<string, long>>())
        {
            writer.WriteString(id.Key);
            writer.WriteInt64(id.Value);
        }

        foreach (WindowColumn column in Windows)
        {
            column.Save(entity, writer);
        }

        foreach (DistinctAggregator?[] distinct in Distincts)
        {
            writer.WriteBoolean(distinct[entity] is not null);
            distinct[entity]?.Save(writer);
        }

        foreach (LastValues?[] last in Lasts)
        {
            writer.WriteBoolean(last[entity] is not null);
            last[entity]?.Save(writer);
        }
    }

    /// <summary>Adds entity <paramref name="key"/>, which the shard does not hold, with the state <see cref="Save"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The shard holds the key already, or the state is not this feature set's.</exception>
    public void Load(string key, int hash, SnapshotReader reader)
    {
        if (Entities.Find(key, hash) >= 0)
        {
            throw SnapshotReader.Corrupt($"entity '{key}' appears twice");
        }

        MakeRoom(1, sweep: false);
        int entity = Entities.FindOrAdd(key, hash);
        long last = reader.ReadInt64();
        newest[entity] = last;
        watermark = Math.Max(watermark, last);
        int idCount = reader.ReadCount(SnapshotLimits.MaxEventIds, "event id");
        if (idCount > 0)
        {
            var ids = recentIds[entity] = new Dictionary<string, long>(Math.Min(idCount, 64), StringComparer.Ordinal);
            for (int i = 0; i < idCount; i++)
            {
                if (!ids.TryAdd(reader.ReadString(), reader.ReadInt64()))
                {
                    throw SnapshotReader.Corrupt($"entity '{key}' remembers an event id twice");
                }
            }
        }

        foreach (WindowColumn column in Windows)
        {
            column.Load(entity, reader);
        }

        for (int d = 0; d < Distincts.Length; d++)
        {
            if (reader.ReadBoolean())
            {
                (Distincts[d][entity] = new DistinctAggregator(distinctWindows[d], distinctPrecisions[d])).Load(reader);
            }
        }

        for (int l = 0; l < Lasts.Length; l++)
        {
            if (reader.ReadBoolean())
            {
                (Lasts[l][entity] = new LastValues(lastCounts[l])).Load(reader);
            }
        }
    }

    /// <summary>The entity's newest event time in ticks since the Unix epoch, <see cref="long.MinValue"/> when it has none.</summary>
    public long NewestOf(int entity) => newest[entity];

    private bool Remember(int entity, string id, long ticks, long horizon)
    {
        Dictionary<string, long> ids = recentIds[entity] ??= new Dictionary<string, long>(StringComparer.Ordinal);
        if (ids.ContainsKey(id))
        {
            return false;
        }

        // Ids older than the lateness horizon can no longer arrive on time; forgetting them bounds the memory.
        if (ids.Count >= 64)
        {
            foreach (KeyValuePair<string, long> old in ids.Where(p => p.Value < horizon).ToList())
            {
                ids.Remove(old.Key);
            }
        }

        ids[id] = ticks;
        return true;
    }

    private int Room => capacity - Entities.Numbered + Entities.Reusable;

    /// <summary>Looks the chunk's entities up, starting to load the known ones' state; returns how many events have none.</summary>
    private int Find(IngestBatch batch, int from, int to)
    {
        int unknown = 0;
        for (int k = from; k < to; k++)
        {
            int j = batch.Order[k];
            int entity = Entities.Find(batch.Keys[j], batch.Hashes[j]);
            batch.Entities[j] = entity;
            if (entity < 0)
            {
                unknown++;
            }
            else
            {
                Prefetch(entity);
            }
        }

        return unknown;
    }

    /// <summary>
    /// Makes room for <paramref name="incoming"/> new entities: with <paramref name="sweep"/>, releases the entities past
    /// their time to live first, and grows when that freed less than a quarter of the room, so the O(entities) sweep is
    /// paid for by at least that many new entities.
    /// </summary>
    /// <returns>How many entities were released.</returns>
    private int MakeRoom(int incoming, bool sweep)
    {
        if (Room >= incoming)
        {
            return 0;
        }

        int released = 0;
        if (sweep && timeToLive > 0 && Entities.Count > 0)
        {
            released = Entities.Release(ReleaseIfExpired);
            Released += released;
            if (Room >= incoming && released * 4 >= capacity)
            {
                return released;
            }
        }

        int grown = Math.Max(16, capacity);
        while (grown - Entities.Numbered + Entities.Reusable < incoming || grown == capacity)
        {
            grown = grown >= 1 << 30 ? throw new InvalidOperationException("A feature-engine shard cannot hold more than 2^30 entities.") : grown * 2;
        }

        Grow(grown);
        return released;
    }

    /// <summary>
    /// Releases an entity whose newest event is a time to live and the allowed lateness behind the newest event of the
    /// shard: past its time to live, and beyond the lateness of any request the engine still answers exactly.
    /// </summary>
    private bool ReleaseIfExpired(int entity)
    {
        long last = newest[entity];
        if (last != long.MinValue && watermark - last < timeToLive + lateness)
        {
            return false;
        }

        Reset(entity);
        return true;
    }

    /// <summary>Drops everything an entity holds, as if it had never been seen.</summary>
    private void Reset(int entity)
    {
        newest[entity] = long.MinValue;
        recentIds[entity] = null;
        foreach (WindowColumn column in Windows)
        {
            column.Reset(entity);
        }

        slidingCells.Reset(entity);

        foreach (DistinctAggregator?[] distinct in Distincts)
        {
            distinct[entity] = null;
        }

        foreach (LastValues?[] last in Lasts)
        {
            last[entity] = null;
        }
    }

    private void Grow(int newCapacity)
    {
        Array.Resize(ref newest, newCapacity);
        newest.AsSpan(capacity).Fill(long.MinValue);
        Array.Resize(ref recentIds, newCapacity);
        slidingCells.Resize(newCapacity);
        foreach (WindowColumn column in Windows)
        {
            column.Resize(newCapacity);
        }

        for (int d = 0; d < Distincts.Length; d++)
        {
            Array.Resize(ref Distincts[d], newCapacity);
        }

        for (int l = 0; l < Lasts.Length; l++)
        {
            Array.Resize(ref Lasts[l], newCapacity);
        }

        capacity = newCapacity;
    }
}
