using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlSystems.Features;

/// <summary>
/// Executes a <see cref="FeatureSet{TEvent}"/> online: <see cref="Ingest(TEvent)"/> folds events into per-entity window
/// state (O(1) amortised), <see cref="Compute"/> writes an event's feature vector as of its event time. Batch training
/// runs the same engine over the same events (<see cref="FeatureBatch"/>), so serving and training produce
/// bit-identical vectors.
/// </summary>
/// <remarks>
/// <para>Thread-safe: entities are split by key hash into shards, each with its own lock, so different entities mostly
/// proceed in parallel; one entity's events must be ingested in the order they should count. <see cref="Compute"/> and
/// ingest allocate nothing once an entity's windows have grown to what they hold.</para>
/// <para>For throughput, ingest in batches (<see cref="Ingest(ReadOnlySpan{TEvent}, Span{IngestOutcome})"/>): the
/// engine reads every event first, then updates each shard's entities under one lock, loading their state into the
/// cache ahead of use. With many entities ingest is bound by memory latency, and a batch hides most of it.</para>
/// <para>Event time: an event within <see cref="FeatureEngineOptions.AllowedLateness"/> of its entity's newest event is
/// placed at its own time, in order; an older one follows <see cref="FeatureEngineOptions.LatePolicy"/>. A vector as of
/// time t counts the events before t and none at t (a sliding window of length L holds t − L ≤ time &lt; t), so events
/// at the request's own instant never count, whether they were ingested before it or not. Windows keep their events for
/// the lateness, so a request that arrives late (within the lateness) gets the features as of its own time. Events at one
/// instant are ordered by value, and values are combined in an order fixed by the events alone: the vector depends on
/// which events were ingested, never on the order they arrived in, and a training set over the same events gives the
/// same bits. NaN or ±∞ values are counted: a row feature writes its missing value, a window skips the value. An entity
/// never seen reads as empty windows.</para>
/// </remarks>
/// <typeparam name="TEvent">The event type.</typeparam>
public sealed class FeatureEngine<TEvent>
{
    private const int ShardBits = 4;

    // Events read ahead of their state updates: enough for the cache misses of one to hide behind the work on the
    // others, few enough that what was read (a value per window feature) stays in the L1 and L2 caches.
    private const int MaxChunkSize = 1024;
    private const int ChunkValues = 8192;

    private readonly FeatureEngineOptions options;
    private EngineShard[] shards;
    private readonly ulong hashSeed = (ulong)Random.Shared.NextInt64();
    private readonly FeatureTelemetry? telemetry;
    private readonly ILogger logger;
    private readonly KeyValuePair<string, object?> setTag;
    private readonly IngestBatchPool batches;
    private readonly int chunkSize;
    private readonly Func<object, string?>? eventId;
    private long computeMissing;
    private long lateComputes;

    /// <summary>Creates an engine with no state.</summary>
    /// <param name="features">The definition to execute.</param>
    /// <param name="options">The event-time options, copied here; the defaults when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public FeatureEngine(FeatureSet<TEvent> features, FeatureEngineOptions? options = null)
        : this(features, options, telemetry: null, logger: null)
    {
    }

    internal FeatureEngine(FeatureSet<TEvent> features, FeatureEngineOptions? options, FeatureTelemetry? telemetry, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(features);
        options = options?.Clone() ?? new FeatureEngineOptions();
        options.Validate();
        if (options.ProblemWith(features) is string problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        Features = features;
        this.options = options;
        eventId = options.EventId;
        this.telemetry = telemetry;
        this.logger = logger ?? NullLogger.Instance;
        setTag = new KeyValuePair<string, object?>(TelemetryTags.FeatureSet, features.Name);
        int perEvent = features.Windows.Length + features.Distincts.Length + features.Lasts.Length;
        chunkSize = Math.Clamp(ChunkValues / Math.Max(1, perEvent), 64, MaxChunkSize);
        batches = new IngestBatchPool(() => new IngestBatch(chunkSize, 1 << ShardBits, features.Windows.Length, features.Distincts.Length, features.Lasts.Length));
        shards = CreateShards();
    }

    /// <summary>The definition executed.</summary>
    public FeatureSet<TEvent> Features { get; }

    /// <summary>A copy of the event-time options the engine was created with; the engine copied them then, so changing the caller's object (or this copy) has no effect.</summary>
    public FeatureEngineOptions Options => options.Clone();

    /// <summary>The counters so far.</summary>
    public FeatureEngineCounters Counters
    {
        get
        {
            long events = 0, late = 0, duplicates = 0, missing = Interlocked.Read(ref computeMissing), entities = 0, released = 0;
            foreach (EngineShard shard in shards)
            {
                lock (shard.Gate)
                {
                    (events, late, duplicates, missing, entities, released) = (events + shard.Events, late + shard.Late, duplicates + shard.Duplicates, missing + shard.Missing, entities + shard.Entities.Count, released + shard.Released);
                }
            }

            return new FeatureEngineCounters(events, late, duplicates, missing, entities, Interlocked.Read(ref lateComputes), released);
        }
    }

    /// <summary>Folds an event into its entity's windows.</summary>
    /// <exception cref="ArgumentException">The event has no entity key.</exception>
    public IngestOutcome Ingest(TEvent e)
    {
        Span<IngestOutcome> outcome = [IngestOutcome.Applied];
        IngestAll(new ReadOnlySpan<TEvent>(in e), outcome, single: true);
        return outcome[0];
    }

    /// <summary>Folds a batch of events into their entities' windows; the fast way to ingest a stream.</summary>
    /// <param name="events">The events; each entity's in the order they should count.</param>
    /// <exception cref="ArgumentException">An event has no entity key: the events before it have been ingested, and the message gives its index.</exception>
    public void Ingest(ReadOnlySpan<TEvent> events) => Ingest(events, []);

    /// <summary>Folds a batch of events into their entities' windows, writing what happened to each.</summary>
    /// <param name="events">The events; each entity's in the order they should count.</param>
    /// <param name="outcomes">Receives each event's outcome at its index; empty to skip them.</param>
    /// <exception cref="ArgumentException"><paramref name="outcomes"/> is neither empty nor as long as <paramref name="events"/>, or an event has no entity key: the events before it have been ingested (with their outcomes written), and the message gives its index.</exception>
    /// <remarks>An exception thrown by one of the feature set's selectors propagates the same way: the events before the one it was thrown for are ingested.</remarks>
    public void Ingest(ReadOnlySpan<TEvent> events, Span<IngestOutcome> outcomes)
    {
        if (!outcomes.IsEmpty && outcomes.Length < events.Length)
        {
            throw new ArgumentException($"The outcomes span has {outcomes.Length} elements for {events.Length} events.", nameof(outcomes));
        }

        IngestAll(events, outcomes, single: false);
    }

    /// <summary>
    /// Writes the feature vector of <paramref name="e"/> as of its event time t: row features from the event, window
    /// features from the entity's events ingested so far with event times before t (none at t itself, whether ingested
    /// before this call or not).
    /// </summary>
    /// <returns>
    /// <see cref="ComputeOutcome.Exact"/> when t is within <see cref="FeatureEngineOptions.AllowedLateness"/> of the
    /// entity's newest event (or later), so the vector is the one a training set gives for this event whatever order the
    /// events arrived in; <see cref="ComputeOutcome.BeyondLateness"/> when t is older, and the windows may have released
    /// events the vector would need (counted in <see cref="FeatureEngineCounters.LateComputes"/>).
    /// </returns>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="FeatureSet{TEvent}.Width"/>, or the event has no entity key.</exception>
    public ComputeOutcome Compute(TEvent e, Span<double> destination)
    {
        if (destination.Length < Features.Width)
        {
            throw new ArgumentException($"The destination has {destination.Length} elements; feature set '{Features.Name}' writes {Features.Width}.", nameof(destination));
        }

        return ComputeAt(e, destination, FeatureSet<TEvent>.TicksOf(Features.EventTime(e)));
    }

    /// <summary>
    /// What a stream processor stores for <paramref name="e"/>'s entity once <paramref name="e"/> is ingested: row
    /// features from <paramref name="e"/>, windows as of one tick after the entity's newest event (so they count it, and
    /// a late <paramref name="e"/> too).
    /// </summary>
    /// <returns>The entity's newest event time, the time the vector is as of.</returns>
    internal DateTimeOffset ComputeLatest(TEvent e, Span<double> destination)
    {
        string key = Features.KeyOf(e);
        int hash = EntityKeyHash.Of(key, hashSeed);
        EngineShard shard = shards[ShardOf(hash)];
        long newest;
        lock (shard.Gate)
        {
            int entity = shard.Entities.Find(key, hash);
            newest = entity >= 0 ? shard.NewestOf(entity) : long.MinValue;
        }

        newest = Math.Max(newest, FeatureSet<TEvent>.TicksOf(Features.EventTime(e)));
        ComputeAt(e, destination, newest + 1);
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.Ticks + newest, TimeSpan.Zero);
    }

    private ComputeOutcome ComputeAt(TEvent e, Span<double> destination, long ticks)
    {
        string key = Features.KeyOf(e);
        WriteRows(e, destination);
        int hash = EntityKeyHash.Of(key, hashSeed);
        EngineShard shard = shards[ShardOf(hash)];
        lock (shard.Gate)
        {
            int entity = shard.Entities.Find(key, hash);
            if (entity >= 0 && !shard.Expired(entity, ticks))
            {
                bool withinLateness = shard.WithinLateness(entity, ticks);
                ReadState(shard, entity, ticks, withinLateness, destination);
                if (!withinLateness)
                {
                    Interlocked.Increment(ref lateComputes);
                    telemetry?.LateComputes.Add(1, setTag);
                    return ComputeOutcome.BeyondLateness;
                }

                return ComputeOutcome.Exact;
            }
        }

        WriteEmpty(destination);
        return ComputeOutcome.Exact;
    }

    /// <summary>
    /// Writes the engine's state to <paramref name="destination"/> in a versioned binary format that
    /// <see cref="RestoreSnapshot"/> reads back: every entity's windows, sketches, last values, remembered event ids
    /// and newest event time, and the counters.
    /// </summary>
    /// <param name="destination">The stream written to, from its current position; flushed, not closed.</param>
    /// <remarks>
    /// <para>The format is logical, not a memory image: entities in ordinal order of their keys, each window as the values
    /// it holds. The same state therefore gives the same bytes in any process, and a snapshot restores into an engine
    /// laid out differently (another process's hash seed, a later version of this library that reads format 1). It starts
    /// with the feature set's name, declared version and definition fingerprint
    /// (<see cref="FeatureSet{TEvent}.Schema"/>) and ends with an XXH64 checksum.</para>
    /// <para>Every shard is locked while the snapshot is written, so it is consistent per entity; a batch ingested at the
    /// same time may be in it in part. Take it between batches (a stream processor checkpoints after a batch). Memory
    /// beyond the destination's own is a 64 KiB buffer and one window's values at a time.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> cannot be written.</exception>
    public void WriteSnapshot(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The snapshot destination cannot be written.", nameof(destination));
        }

        EngineShard[] current = shards;
        int locked = 0;
        try
        {
            for (; locked < current.Length; locked++)
            {
                current[locked].Gate.Enter();
            }

            var entities = new List<(string Key, int Shard, int Entity)>();
            long events = 0, late = 0, duplicates = 0, missing = 0, released = 0;
            for (int s = 0; s < current.Length; s++)
            {
                EngineShard shard = current[s];
                (events, late, duplicates, missing, released) = (events + shard.Events, late + shard.Late, duplicates + shard.Duplicates, missing + shard.Missing, released + shard.Released);
                entities.AddRange(shard.Entities.Entries.Select(e => (e.Key, s, e.Entity)));
            }

            entities.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var writer = new SnapshotWriter(destination);
            EngineSnapshotHeader.Of(Features.Schema, options).Write(writer);
            foreach (long counter in (ReadOnlySpan<long>)[events, late, duplicates, missing, released, Interlocked.Read(ref computeMissing), Interlocked.Read(ref lateComputes)])
            {
                writer.WriteInt64(counter);
            }

            writer.WriteInt64(entities.Count);
            foreach ((string key, int shard, int entity) in entities)
            {
                writer.WriteString(key);
                current[shard].Save(entity, writer);
            }

            writer.Finish();
        }
        finally
        {
            while (locked > 0)
            {
                current[--locked].Gate.Exit();
            }
        }
    }

    /// <summary>
    /// Replaces the engine's state with a snapshot that <see cref="WriteSnapshot"/> wrote, in this process or another:
    /// ingest and compute then continue exactly as in the engine that wrote it, bit for bit.
    /// </summary>
    /// <param name="source">The stream read from its current position to its end.</param>
    /// <remarks>
    /// The snapshot is read into memory and its checksum checked before anything is parsed, then read into new state,
    /// which replaces the old: on any failure the engine is unchanged, and a corrupt snapshot allocates nothing beyond
    /// its own bytes. Do not call it while other calls on this engine run. Entities released by
    /// <see cref="FeatureEngineOptions.EntityTimeToLive"/> are measured against the newest event restored into their
    /// shard, so none is released sooner than in the engine that wrote the snapshot.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> cannot be read.</exception>
    /// <exception cref="FeatureSnapshotMismatchException">The snapshot was written by another feature set, another declared version or definition, or with another <see cref="FeatureEngineOptions.AllowedLateness"/>.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a feature engine snapshot, are cut short or corrupt, or are of a format this library does not read.</exception>
    public void RestoreSnapshot(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead)
        {
            throw new ArgumentException("The snapshot source cannot be read.", nameof(source));
        }

        // Read whole and checked before parsing: counts in a corrupt snapshot must not size anything.
        using var buffered = new MemoryStream();
        source.CopyTo(buffered);
        EngineSnapshotHeader.Verify(buffered.GetBuffer().AsSpan(0, (int)buffered.Length));
        buffered.Position = 0;
        var reader = new SnapshotReader(buffered);
        EngineSnapshotHeader.Read(reader).Check(Features.Schema, options);
        long events = reader.ReadInt64(), late = reader.ReadInt64(), duplicates = reader.ReadInt64(), missing = reader.ReadInt64(), released = reader.ReadInt64();
        long restoredComputeMissing = reader.ReadInt64(), restoredLateComputes = reader.ReadInt64();
        long count = reader.ReadInt64();
        if (count < 0 || count > SnapshotLimits.MaxEntities)
        {
            throw SnapshotReader.Corrupt($"entity count {count} is outside 0 to {SnapshotLimits.MaxEntities}");
        }

        EngineShard[] restored = CreateShards();
        string? previous = null;
        for (long i = 0; i < count; i++)
        {
            string key = reader.ReadString();
            if (key.Length == 0 || (previous is not null && string.CompareOrdinal(previous, key) >= 0))
            {
                throw SnapshotReader.Corrupt($"entity {i} is empty or out of order");
            }

            int hash = EntityKeyHash.Of(key, hashSeed);
            restored[ShardOf(hash)].Load(key, hash, reader);
            previous = key;
        }

        reader.Finish();
        (restored[0].Events, restored[0].Late, restored[0].Duplicates, restored[0].Missing, restored[0].Released) = (events, late, duplicates, missing, released);
        Interlocked.Exchange(ref computeMissing, restoredComputeMissing);
        Interlocked.Exchange(ref lateComputes, restoredLateComputes);
        Volatile.Write(ref shards, restored);
    }

    private EngineShard[] CreateShards()
    {
        FeatureWindow[] distinctWindows = [.. Features.Distincts.Select(d => d.Window)];
        int[] precisions = [.. Features.Distincts.Select(d => d.Precision)];
        int[] lastCounts = [.. Features.Lasts.Select(l => l.Count)];
        var created = new EngineShard[1 << ShardBits];
        for (int s = 0; s < created.Length; s++)
        {
            WindowColumn[] columns = WindowColumn.CreateAll(Features.Windows, out SlidingCellStore cells);
            created[s] = new EngineShard(columns, cells, distinctWindows, precisions, lastCounts, options);
        }

        return created;
    }

    private void IngestAll(ReadOnlySpan<TEvent> events, Span<IngestOutcome> outcomes, bool single)
    {
        IngestBatch batch = batches.Rent();
        try
        {
            for (int start = 0; start < events.Length; start += chunkSize)
            {
                int length = Math.Min(chunkSize, events.Length - start);
                IngestChunk(events.Slice(start, length), start, batch, outcomes.IsEmpty ? [] : outcomes.Slice(start, length), single);
            }
        }
        finally
        {
            batches.Return(batch);
        }
    }

    /// <summary>Reads a chunk, then applies what was read; on a failure, applies the events before it and rethrows.</summary>
    private void IngestChunk(ReadOnlySpan<TEvent> chunk, int start, IngestBatch batch, Span<IngestOutcome> outcomes, bool single)
    {
        int keyed = 0, read = 0;
        try
        {
            ExceptionDispatchInfo? keyFailure = null;
            try
            {
                ReadKeys(chunk, batch, ref keyed);
            }
            catch (Exception failure)
            {
                keyFailure = ExceptionDispatchInfo.Capture(failure);
            }

            try
            {
                ReadValues(chunk, batch, keyed, ref read);
            }
            catch
            {
                Apply(batch, read, outcomes.IsEmpty ? [] : outcomes[..read]);
                throw;
            }

            Apply(batch, read, outcomes.IsEmpty ? [] : outcomes[..read]);
            if (read == keyed)
            {
                keyFailure?.Throw();
            }

            if (read < chunk.Length)
            {
                throw NoEntityKey(start + read, single);
            }
        }
        finally
        {
            // Every key and id read, applied or not: a pooled batch must not keep them alive.
            batch.Release(keyed);
        }
    }

    private ArgumentException NoEntityKey(int index, bool single)
    {
        string parameter = single ? "e" : "events";
        return new ArgumentException(
            single ? $"The event has no entity key (feature set '{Features.Name}')." : $"Event {index} of the batch has no entity key (feature set '{Features.Name}').",
            parameter);
    }

    private static int ShardOf(int hash) => (int)((uint)hash >> (32 - ShardBits));

    /// <summary>Reads the events' keys up to the first null one, starting to load each key's characters.</summary>
    /// <remarks>
    /// A loop of its own, touching no key: short iterations let the CPU overlap many keys' cache misses, which
    /// <see cref="ReadValues"/> then finds in the cache.
    /// </remarks>
    private void ReadKeys(ReadOnlySpan<TEvent> chunk, IngestBatch batch, ref int keyed)
    {
        for (; keyed < chunk.Length; keyed++)
        {
            string? key = Features.EntityKey(chunk[keyed]);
            if (key is null)
            {
                return;
            }

            batch.Keys[keyed] = key;
            CachePrefetch.Line(in key.GetPinnableReference());
        }
    }

    /// <summary>
    /// Runs every other selector for the first <paramref name="count"/> events, so nothing the user supplies runs while
    /// a shard is locked; stops early at an empty key.
    /// </summary>
    private void ReadValues(ReadOnlySpan<TEvent> chunk, IngestBatch batch, int count, ref int read)
    {
        WindowFeature<TEvent>[] windows = Features.Windows;
        DistinctFeature<TEvent>[] distincts = Features.Distincts;
        LastFeature<TEvent>[] lasts = Features.Lasts;
        Func<object, string?>? eventId = this.eventId;
        for (; read < count; read++)
        {
            TEvent e = chunk[read];
            int j = read;
            if (batch.Keys[j].Length == 0)
            {
                return;
            }

            int hash = EntityKeyHash.Of(batch.Keys[j], hashSeed);
            shards[ShardOf(hash)].Entities.Prefetch(hash);
            batch.Hashes[j] = hash;
            batch.Ticks[j] = FeatureSet<TEvent>.TicksOf(Features.EventTime(e));
            if (eventId is not null)
            {
                batch.Ids[j] = eventId(e!);
            }

            Span<double> values = batch.WindowValues.AsSpan(j * windows.Length, windows.Length);
            for (int w = 0; w < windows.Length; w++)
            {
                values[w] = windows[w].Value(e);
            }

            for (int d = 0; d < distincts.Length; d++)
            {
                string? category = distincts[d].Value(e);
                int at = (j * distincts.Length) + d;
                batch.HasCategory[at] = category is not null;
                batch.Categories[at] = category is null ? 0 : FeatureSet<TEvent>.Hash(category);
            }

            for (int l = 0; l < lasts.Length; l++)
            {
                batch.LastValues[(j * lasts.Length) + l] = lasts[l].Value(e);
            }
        }
    }

    /// <summary>Applies the first <paramref name="count"/> events read into <paramref name="batch"/>, shard by shard.</summary>
    private void Apply(IngestBatch batch, int count, Span<IngestOutcome> outcomes)
    {
        GroupByShard(batch, count);
        for (int s = 0; s < shards.Length; s++)
        {
            int from = batch.ShardStarts[s], to = batch.ShardStarts[s + 1];
            if (from == to)
            {
                continue;
            }

            EngineShard shard = shards[s];
            lock (shard.Gate)
            {
                // Number every entity and start loading its cells; where windows are busy, with the cells in, start loading
                // the values they lead to; then update. The loads of one pass overlap each other.
                shard.Number(batch, from, to);
                if (shard.MostlyBusy)
                {
                    for (int k = from; k < to; k++)
                    {
                        shard.PrefetchWindows(batch.Entities[batch.Order[k]]);
                    }
                }

                for (int k = from; k < to; k++)
                {
                    int j = batch.Order[k];
                    batch.Outcomes[j] = shard.Apply(batch.Entities[j], batch, j);
                }
            }
        }

        if (!outcomes.IsEmpty)
        {
            batch.Outcomes.AsSpan(0, count).CopyTo(outcomes);
        }

        Report(batch, count);
    }

    private static void GroupByShard(IngestBatch batch, int count)
    {
        Span<int> starts = batch.ShardStarts;
        starts.Clear();
        for (int j = 0; j < count; j++)
        {
            starts[ShardOf(batch.Hashes[j]) + 1]++;
        }

        for (int s = 1; s < starts.Length; s++)
        {
            starts[s] += starts[s - 1];
        }

        // Scatter into the groups with a cursor per group, leaving the starts as they are.
        Span<int> cursors = stackalloc int[starts.Length];
        starts.CopyTo(cursors);
        for (int j = 0; j < count; j++)
        {
            batch.Order[cursors[ShardOf(batch.Hashes[j])]++] = j;
        }
    }

    private void Report(IngestBatch batch, int count)
    {
        bool logLate = logger.IsEnabled(LogLevel.Debug);
        if (telemetry is null && !logLate)
        {
            return;
        }

        int applied = 0, late = 0, duplicate = 0;
        for (int j = 0; j < count; j++)
        {
            switch (batch.Outcomes[j])
            {
                case IngestOutcome.Applied:
                    applied++;
                    break;
                case IngestOutcome.Late:
                    late++;
                    if (logLate)
                    {
                        DateTimeOffset eventTime = DateTimeOffset.UnixEpoch.AddTicks(batch.Ticks[j]);
                        FeaturesLog.LateEvent(logger, Features.Name, batch.Keys[j], eventTime);
                    }

                    break;
                default:
                    duplicate++;
                    break;
            }
        }

        if (telemetry is not null)
        {
            AddEvents(applied, "applied");
            AddEvents(late, "late");
            AddEvents(duplicate, "duplicate");
            if (batch.Missing > 0)
            {
                telemetry.MissingValues.Add(batch.Missing, setTag);
            }

            if (batch.Released > 0)
            {
                telemetry.EntitiesReleased.Add(batch.Released, setTag);
            }
        }
    }

    private void AddEvents(int count, string outcome)
    {
        if (count > 0)
        {
            telemetry!.Events.Add(count, setTag, new KeyValuePair<string, object?>(TelemetryTags.Outcome, outcome));
        }
    }

    private void ReadState(EngineShard shard, int entity, long ticks, bool withinLateness, Span<double> destination)
    {
        WindowFeature<TEvent>[] windows = Features.Windows;
        for (int w = 0; w < windows.Length; w++)
        {
            destination[windows[w].Index] = shard.Windows[w].Read(entity, ticks, withinLateness);
        }

        DistinctFeature<TEvent>[] distincts = Features.Distincts;
        for (int d = 0; d < distincts.Length; d++)
        {
            destination[distincts[d].Index] = shard.Distincts[d][entity]?.Read(ticks) ?? 0;
        }

        LastFeature<TEvent>[] lasts = Features.Lasts;
        for (int l = 0; l < lasts.Length; l++)
        {
            Span<double> slice = destination.Slice(lasts[l].Index, lasts[l].Count);
            if (shard.Lasts[l][entity] is { } last)
            {
                last.Write(slice, ticks, lasts[l].EmptyValue);
            }
            else
            {
                slice.Fill(lasts[l].EmptyValue);
            }
        }
    }

    private void WriteEmpty(Span<double> destination)
    {
        foreach (WindowFeature<TEvent> w in Features.Windows)
        {
            destination[w.Index] = AggregateState.Empty.Value(w.Aggregation, w.EmptyValue);
        }

        foreach (DistinctFeature<TEvent> d in Features.Distincts)
        {
            destination[d.Index] = 0;
        }

        foreach (LastFeature<TEvent> l in Features.Lasts)
        {
            destination.Slice(l.Index, l.Count).Fill(l.EmptyValue);
        }
    }

    private void WriteRows(TEvent e, Span<double> destination)
    {
        foreach (RowFeature<TEvent> row in Features.Rows)
        {
            if (row.Numeric is not null)
            {
                double value = row.Numeric(e);
                double transformed = double.IsFinite(value) ? row.Transform.Apply(value) : double.NaN;
                if (!double.IsFinite(transformed))
                {
                    Interlocked.Increment(ref computeMissing);
                    transformed = row.MissingValue;
                }

                destination[row.Index] = transformed;
                continue;
            }

            Span<double> encoded = destination.Slice(row.Index, row.Width);
            encoded.Clear();
            string? category = row.Category!(e);
            if (row.Categories is not null)
            {
                encoded[category is not null && row.Categories.TryGetValue(category, out int k) ? k : row.Width - 1] = 1;
            }
            else if (category is not null)
            {
                encoded[FeatureSet<TEvent>.HashBucket(category, row.Width)] = 1;
            }
        }
    }
}
