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

    private int capacity;
    private long[] newest = [];
    private Dictionary<string, long>?[] recentIds = [];

    /// <summary>The entity number of <paramref name="key"/>, making room for a new entity's state.</summary>
    public int Entity(string key, int hash)
    {
        int entity = Entities.Find(key, hash);
        if (entity >= 0)
        {
            return entity;
        }

        // Room first, then the table: should growing fail, the shard is as it was and the next event tries again.
        if (Entities.Count == capacity)
        {
            Grow(capacity >= 1 << 30 ? throw new InvalidOperationException("A feature-engine shard cannot hold more than 2^30 entities.") : Math.Max(16, capacity * 2));
        }

        return Entities.FindOrAdd(key, hash);
    }

    /// <summary>Starts loading an entity's state ahead of <see cref="Apply"/>.</summary>
    public void Prefetch(int entity)
    {
        CachePrefetch.Line(in newest[entity]);
        slidingCells.Prefetch(entity);
    }

    /// <summary>Folds event <paramref name="j"/> of <paramref name="batch"/> into entity <paramref name="entity"/>'s state.</summary>
    public IngestOutcome Apply(int entity, IngestBatch batch, int j)
    {
        long ticks = batch.Ticks[j];
        Events++;
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
