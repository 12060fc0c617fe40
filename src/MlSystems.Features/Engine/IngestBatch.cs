namespace MlSystems.Features;

/// <summary>
/// Scratch for one chunk of a batch ingest: everything read from the events up front (keys, hashes, times, ids and the
/// features' values), so the user's selectors have all run before any state changes, and the state is then updated
/// shard by shard under one lock per shard. Reused across calls.
/// </summary>
internal sealed class IngestBatch
{
    public IngestBatch(int capacity, int shards, int windows, int distincts, int lasts)
    {
        Keys = new string[capacity];
        Ids = new string?[capacity];
        Hashes = new int[capacity];
        Ticks = new long[capacity];
        Entities = new int[capacity];
        Outcomes = new IngestOutcome[capacity];
        Order = new int[capacity];
        ShardStarts = new int[shards + 1];
        WindowValues = new double[capacity * windows];
        Categories = new ulong[capacity * distincts];
        HasCategory = new bool[capacity * distincts];
        LastValues = new double[capacity * lasts];
    }

    public string[] Keys { get; }

    /// <summary>The events' ids, when the engine drops duplicates.</summary>
    public string?[] Ids { get; }

    public int[] Hashes { get; }

    /// <summary>Event times, ticks since the Unix epoch.</summary>
    public long[] Ticks { get; }

    /// <summary>Each event's entity number in its shard.</summary>
    public int[] Entities { get; }

    public IngestOutcome[] Outcomes { get; }

    /// <summary>The chunk's event indices grouped by shard, each shard's in arrival order.</summary>
    public int[] Order { get; }

    /// <summary>Where each shard's group starts in <see cref="Order"/> (one more entry than there are shards).</summary>
    public int[] ShardStarts { get; }

    /// <summary>Window values, event-major: event j's are at j × windows.</summary>
    public double[] WindowValues { get; }

    /// <summary>Hashed categories for the distinct counts, event-major.</summary>
    public ulong[] Categories { get; }

    /// <summary>Whether the event had a category for each distinct count, event-major.</summary>
    public bool[] HasCategory { get; }

    /// <summary>Values for the last-N features, event-major.</summary>
    public double[] LastValues { get; }

    /// <summary>Non-finite values met in the chunk.</summary>
    public long Missing { get; set; }

    /// <summary>Entities released to make room for the chunk's new ones.</summary>
    public long Released { get; set; }

    /// <summary>Drops the references the first <paramref name="count"/> events left, so a pooled batch keeps no keys or ids alive.</summary>
    public void Release(int count)
    {
        Array.Clear(Keys, 0, count);
        Array.Clear(Ids, 0, count);
        Missing = 0;
        Released = 0;
    }
}
