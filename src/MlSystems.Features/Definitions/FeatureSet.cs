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
    internal FeatureSet(string name, Func<TEvent, string> entityKey, Func<TEvent, DateTimeOffset> eventTime, List<RowFeature<TEvent>> rows, List<WindowFeature<TEvent>> windows, List<DistinctFeature<TEvent>> distincts, List<LastFeature<TEvent>> lasts, List<VectorColumn> columns)
    {
        Name = name;
        EntityKey = entityKey;
        EventTime = eventTime;
        Rows = [.. rows];
        Windows = [.. windows];
        Distincts = [.. distincts];
        Lasts = [.. lasts];
        Columns = columns;
    }

    /// <summary>The feature set's name.</summary>
    public string Name { get; }

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

    internal static long TicksOf(DateTimeOffset time) => time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    internal static int HashBucket(string value, int buckets) => (int)(Hash(value) % (ulong)buckets);

    internal static ulong Hash(string value) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value.AsSpan()));
}
