using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// A feature definition over events of type <typeparamref name="TEvent"/>: the entity key, the event time, row transforms,
/// categorical encodings and windowed aggregations. One definition serves training (batch replay, point-in-time
/// training sets) and serving (<see cref="FeatureEngine{TEvent}"/>), so the two cannot compute a feature differently.
/// </summary>
/// <typeparam name="TEvent">The event type.</typeparam>
public sealed class FeatureSet<TEvent>
{
    internal FeatureSet(string name, int version, Func<TEvent, string> entityKey, Func<TEvent, DateTimeOffset> eventTime, List<RowFeature<TEvent>> rows, List<WindowFeature<TEvent>> windows, List<DistinctFeature<TEvent>> distincts, List<LastFeature<TEvent>> lasts, List<VectorColumn> columns)
    {
        Name = name;
        Version = version;
        EntityKey = entityKey;
        EventTime = eventTime;
        Rows = [.. rows];
        Windows = [.. windows];
        Distincts = [.. distincts];
        Lasts = [.. lasts];
        Columns = columns;
        Schema = new FeatureVectorSchema(name, version, Fingerprint(), columns);
    }

    /// <summary>The feature set's name.</summary>
    public string Name { get; }

    /// <summary>The version the definition's author declared; 1 unless <see cref="FeatureSetBuilder{TEvent}.Version(int)"/> said otherwise.</summary>
    public int Version { get; }

    /// <summary>What a stored vector of this feature set must match to be read: name, version and definition fingerprint.</summary>
    public FeatureVectorSchema Schema { get; }

    /// <summary>The vector's columns, in order.</summary>
    public IReadOnlyList<VectorColumn> Columns { get; }

    /// <summary>The vector's length.</summary>
    public int Width => Columns.Count;

    internal Func<TEvent, string> EntityKey { get; }

    internal Func<TEvent, DateTimeOffset> EventTime { get; }

    internal RowFeature<TEvent>[] Rows { get; }

    internal WindowFeature<TEvent>[] Windows { get; }

    internal DistinctFeature<TEvent>[] Distincts { get; }

    internal LastFeature<TEvent>[] Lasts { get; }

    /// <summary>The column index of a feature by name, or −1.</summary>
    public int IndexOf(string column)
    {
        foreach (VectorColumn c in Columns)
        {
            if (c.Name == column)
            {
                return c.Index;
            }
        }

        return -1;
    }

    internal string KeyOf(TEvent e)
    {
        string key = EntityKey(e);
        return string.IsNullOrEmpty(key) ? throw new ArgumentException($"An event of feature set '{Name}' has no entity key.", nameof(e)) : key;
    }

    private ulong Fingerprint()
    {
        var hash = new SchemaFingerprint(Name, Version, Columns);
        foreach (RowFeature<TEvent> row in Rows)
        {
            hash.Add(row.Name).Add(row.Index).Add(row.Width).Add(row.Transform.Canonical).Add(row.MissingValue).Add(row.Numeric is null ? 1 : 0);
            foreach (KeyValuePair<string, int> category in row.Categories?.OrderBy(c => c.Value) ?? Enumerable.Empty<KeyValuePair<string, int>>())
            {
                hash.Add(category.Key);
            }
        }

        foreach (WindowFeature<TEvent> window in Windows)
        {
            hash.Add(window.Index).Add((int)window.Aggregation).Add(window.Window).Add(window.EmptyValue);
        }

        foreach (DistinctFeature<TEvent> distinct in Distincts)
        {
            hash.Add(distinct.Index).Add(distinct.Window).Add(distinct.Precision);
        }

        foreach (LastFeature<TEvent> last in Lasts)
        {
            hash.Add(last.Index).Add(last.Count).Add(last.EmptyValue);
        }

        return hash.Finish();
    }

    internal static long TicksOf(DateTimeOffset time) => time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>
    /// Runs every selector and transform of the definition on <paramref name="e"/> and checks its entity key as a store
    /// would, so an event that would fail ingest or a vector's computation fails here, before any state changes.
    /// </summary>
    /// <exception cref="ArgumentException">The entity key is missing or not a valid store key.</exception>
    internal void Probe(TEvent e)
    {
        OnlineFeatureStoreLimits.ValidateEntity(EntityKey(e), nameof(e));
        _ = EventTime(e);
        foreach (RowFeature<TEvent> row in Rows)
        {
            if (row.Numeric is not null)
            {
                _ = row.Transform.Apply(row.Numeric(e));
            }
            else
            {
                _ = row.Category!(e);
            }
        }

        foreach (WindowFeature<TEvent> window in Windows)
        {
            _ = window.Value(e);
        }

        foreach (DistinctFeature<TEvent> distinct in Distincts)
        {
            _ = distinct.Value(e);
        }

        foreach (LastFeature<TEvent> last in Lasts)
        {
            _ = last.Value(e);
        }
    }

    internal static int HashBucket(string value, int buckets) => (int)(Hash(value) % (ulong)buckets);

    internal static ulong Hash(string value) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value.AsSpan()));
}
