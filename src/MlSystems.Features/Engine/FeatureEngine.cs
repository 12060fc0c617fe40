using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlSystems.Features;

/// <summary>
/// Executes a <see cref="FeatureSet{TEvent}"/> online: <see cref="Ingest"/> folds events into per-entity window state
/// (O(1) amortised), <see cref="Compute"/> writes an event's feature vector as of its event time. Batch training runs the
/// same engine over the same events (<see cref="FeatureBatch"/>), so serving and training
/// produce bit-identical vectors.
/// </summary>
/// <remarks>
/// <para>Thread-safe: each entity's state has its own lock, so different entities proceed in parallel.
/// <see cref="Compute"/> allocates nothing.</para>
/// <para>Event time: an event within <see cref="FeatureEngineOptions.AllowedLateness"/> of its entity's newest event is
/// placed at its own time, in order; an older one follows <see cref="FeatureEngineOptions.LatePolicy"/>. NaN or ±∞
/// values are counted: a row feature writes its missing value, a window skips the value. An entity never seen reads as
/// empty windows.</para>
/// </remarks>
/// <typeparam name="TEvent">The event type.</typeparam>
public sealed class FeatureEngine<TEvent>
{
    private readonly ConcurrentDictionary<string, EntityState> entities = new(StringComparer.Ordinal);
    private readonly long lateness;
    private readonly FeatureTelemetry? telemetry;
    private readonly ILogger logger;
    private readonly KeyValuePair<string, object?> setTag;
    private long events, late, duplicates, missing;

    /// <summary>Creates an engine with no state.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public FeatureEngine(FeatureSet<TEvent> features, FeatureEngineOptions? options = null)
        : this(features, options, telemetry: null, logger: null)
    {
    }

    internal FeatureEngine(FeatureSet<TEvent> features, FeatureEngineOptions? options, FeatureTelemetry? telemetry, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(features);
        options ??= new FeatureEngineOptions();
        options.Validate();
        Features = features;
        Options = options;
        lateness = options.AllowedLateness.Ticks;
        this.telemetry = telemetry;
        this.logger = logger ?? NullLogger.Instance;
        setTag = new KeyValuePair<string, object?>("feature_set", features.Name);
    }

    /// <summary>The definition executed.</summary>
    public FeatureSet<TEvent> Features { get; }

    /// <summary>The event-time options.</summary>
    public FeatureEngineOptions Options { get; }

    /// <summary>The counters so far.</summary>
    public FeatureEngineCounters Counters => new(Interlocked.Read(ref events), Interlocked.Read(ref late), Interlocked.Read(ref duplicates), Interlocked.Read(ref missing), entities.Count);

    /// <summary>Folds an event into its entity's windows.</summary>
    /// <exception cref="ArgumentException">The event has no entity key.</exception>
    public IngestOutcome Ingest(TEvent e)
    {
        long missingBefore = telemetry is null ? 0 : Interlocked.Read(ref missing);
        IngestOutcome outcome = IngestCore(e);
        if (telemetry is not null)
        {
            telemetry.Events.Add(1, setTag, new KeyValuePair<string, object?>("outcome", outcome switch { IngestOutcome.Applied => "applied", IngestOutcome.Late => "late", _ => "duplicate" }));
            long newlyMissing = Interlocked.Read(ref missing) - missingBefore;
            if (newlyMissing > 0)
            {
                telemetry.MissingValues.Add(newlyMissing, setTag);
            }
        }

        if (outcome == IngestOutcome.Late && logger.IsEnabled(LogLevel.Debug))
        {
            string entity = Features.KeyOf(e);
            DateTimeOffset eventTime = Features.EventTime(e);
            FeaturesLog.LateEvent(logger, Features.Name, entity, eventTime);
        }

        return outcome;
    }

    private IngestOutcome IngestCore(TEvent e)
    {
        string key = Features.KeyOf(e);
        long ticks = FeatureSet<TEvent>.TicksOf(Features.EventTime(e));
        Interlocked.Increment(ref events);
        EntityState state = entities.GetOrAdd(key, static (_, set) => new EntityState(
            [.. set.Windows.Select(w => w.CreateAggregator())],
            [.. set.Distincts.Select(d => new DistinctAggregator(d.Window, d.Precision))],
            [.. set.Lasts.Select(l => new LastValues(l.Count))]), Features);
        string? id = Options.EventId?.Invoke(e!);
        lock (state)
        {
            bool isLate = state.Newest != long.MinValue && ticks < state.Newest - lateness;
            if (isLate && Options.LatePolicy == LateEventPolicy.Drop)
            {
                Interlocked.Increment(ref late);
                return IngestOutcome.Late;
            }

            if (id is not null && !Remember(state, id, ticks))
            {
                Interlocked.Increment(ref duplicates);
                return IngestOutcome.Duplicate;
            }

            int attempted = 0, accepted = 0;
            WindowFeature<TEvent>[] windows = Features.Windows;
            for (int w = 0; w < windows.Length; w++)
            {
                double value = windows[w].Value(e);
                if (!double.IsFinite(value))
                {
                    Interlocked.Increment(ref missing);
                    continue;
                }

                attempted++;
                accepted += state.Windows[w].Add(ticks, value) ? 1 : 0;
            }

            for (int d = 0; d < Features.Distincts.Length; d++)
            {
                if (Features.Distincts[d].Value(e) is string category)
                {
                    attempted++;
                    accepted += state.Distincts[d].Add(ticks, FeatureSet<TEvent>.Hash(category)) ? 1 : 0;
                }
            }

            for (int l = 0; l < Features.Lasts.Length; l++)
            {
                double value = Features.Lasts[l].Value(e);
                if (!double.IsFinite(value))
                {
                    Interlocked.Increment(ref missing);
                    continue;
                }

                attempted++;
                accepted += state.Lasts[l].Add(ticks, value) ? 1 : 0;
            }

            state.Newest = Math.Max(state.Newest, ticks);
            // Late: behind the watermark, or older than every window that had a value to take still holds.
            if (isLate || (attempted > 0 && accepted == 0))
            {
                Interlocked.Increment(ref late);
                return IngestOutcome.Late;
            }

            return IngestOutcome.Applied;
        }
    }

    /// <summary>Writes the feature vector of <paramref name="e"/> as of its event time: row features from the event, window features from the entity's events ingested so far.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="FeatureSet{TEvent}.Width"/>, or the event has no entity key.</exception>
    public void Compute(TEvent e, Span<double> destination)
    {
        if (destination.Length < Features.Width)
        {
            throw new ArgumentException($"The destination has {destination.Length} elements; feature set '{Features.Name}' writes {Features.Width}.", nameof(destination));
        }

        string key = Features.KeyOf(e);
        WriteRows(e, destination);
        long ticks = FeatureSet<TEvent>.TicksOf(Features.EventTime(e));
        WindowFeature<TEvent>[] windows = Features.Windows;
        if (!entities.TryGetValue(key, out EntityState? state))
        {
            foreach (WindowFeature<TEvent> w in windows)
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

            return;
        }

        lock (state)
        {
            for (int w = 0; w < windows.Length; w++)
            {
                destination[windows[w].Index] = state.Windows[w].Read(ticks).Value(windows[w].Aggregation, windows[w].EmptyValue);
            }

            for (int d = 0; d < Features.Distincts.Length; d++)
            {
                destination[Features.Distincts[d].Index] = state.Distincts[d].Read(ticks);
            }

            for (int l = 0; l < Features.Lasts.Length; l++)
            {
                LastFeature<TEvent> last = Features.Lasts[l];
                state.Lasts[l].Write(destination.Slice(last.Index, last.Count), last.EmptyValue);
            }
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
                    Interlocked.Increment(ref missing);
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

    private bool Remember(EntityState state, string id, long ticks)
    {
        state.RecentIds ??= new Dictionary<string, long>(StringComparer.Ordinal);
        if (state.RecentIds.ContainsKey(id))
        {
            return false;
        }

        // Ids older than the lateness horizon can no longer arrive on time; forgetting them bounds the memory.
        if (state.RecentIds.Count >= 64)
        {
            long horizon = Math.Max(state.Newest, ticks) - lateness;
            foreach (KeyValuePair<string, long> old in state.RecentIds.Where(p => p.Value < horizon).ToList())
            {
                state.RecentIds.Remove(old.Key);
            }
        }

        state.RecentIds[id] = ticks;
        return true;
    }
}
