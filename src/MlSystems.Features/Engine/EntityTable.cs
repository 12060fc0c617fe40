namespace MlSystems.Features;

/// <summary>
/// Entity keys to entity numbers: open addressing with linear probing, the key's hash kept in the slot so a probe
/// rarely has to compare strings. Numbers are dense: a new entity takes a released number before a fresh one, so the
/// shard's entity-indexed state stays as large as the most entities it held at once. Not thread-safe: a shard's lock
/// guards it.
/// </summary>
internal sealed class EntityTable
{
    private Slot[] slots = new Slot[16];
    private int[] released = new int[16];
    private int releasedCount;

    /// <summary>The entities held.</summary>
    public int Count { get; private set; }

    /// <summary>The numbers handed out so far, released ones included: every number held is below it.</summary>
    public int Numbered { get; private set; }

    /// <summary>Released numbers waiting to be handed out again.</summary>
    public int Reusable => releasedCount;

    /// <summary>The entity number of <paramref name="key"/>, or −1.</summary>
    public int Find(string key, int hash)
    {
        ref Slot slot = ref Probe(key, hash);
        return slot.Key is null ? -1 : slot.Entity;
    }

    /// <summary>The entity number of <paramref name="key"/>, numbering it if it is new (a released number first).</summary>
    public int FindOrAdd(string key, int hash)
    {
        ref Slot slot = ref Probe(key, hash);
        if (slot.Key is not null)
        {
            return slot.Entity;
        }

        int entity = releasedCount > 0 ? released[--releasedCount] : Numbered++;
        slot = new Slot(key, hash, entity);
        // Half full at most: probe sequences stay short.
        if (++Count * 2 > slots.Length)
        {
            Rebuild(slots.Length * 2, release: null);
        }

        return entity;
    }

    /// <summary>
    /// Removes every entity <paramref name="release"/> says to release (it resets the entity's state when it does), keeping
    /// their numbers for reuse. O(table size): the caller runs it once per growth's worth of new entities.
    /// </summary>
    /// <returns>How many were released.</returns>
    public int Release(Func<int, bool> release)
    {
        int before = Count;
        Rebuild(slots.Length, release);
        return before - Count;
    }

    /// <summary>Every entity held with its key, in no particular order.</summary>
    public IEnumerable<(string Key, int Entity)> Entries
    {
        get
        {
            foreach (Slot slot in slots)
            {
                if (slot.Key is not null)
                {
                    yield return (slot.Key, slot.Entity);
                }
            }
        }
    }

    /// <summary>Starts loading the slot a probe for <paramref name="hash"/> begins at; safe without the lock, being a hint.</summary>
    public void Prefetch(int hash)
    {
        Slot[] table = slots;
        CachePrefetch.Line(in table[hash & (table.Length - 1)]);
    }

    /// <summary>The slot holding <paramref name="key"/>, or the empty slot where it would go.</summary>
    private ref Slot Probe(string key, int hash)
    {
        Slot[] table = slots;
        int mask = table.Length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask)
        {
            ref Slot slot = ref table[i];
            if (slot.Key is null || (slot.Hash == hash && string.Equals(slot.Key, key)))
            {
                return ref slot;
            }
        }
    }

    /// <summary>Reinserts the slots kept into a table of <paramref name="size"/> (removal by rebuilding needs no tombstones).</summary>
    private void Rebuild(int size, Func<int, bool>? release)
    {
        var rebuilt = new Slot[size];
        int mask = rebuilt.Length - 1;
        foreach (Slot slot in slots)
        {
            if (slot.Key is null)
            {
                continue;
            }

            if (release?.Invoke(slot.Entity) == true)
            {
                if (releasedCount == released.Length)
                {
                    Array.Resize(ref released, released.Length * 2);
                }

                released[releasedCount++] = slot.Entity;
                Count--;
                continue;
            }

            int i = slot.Hash & mask;
            while (rebuilt[i].Key is not null)
            {
                i = (i + 1) & mask;
            }

            rebuilt[i] = slot;
        }

        slots = rebuilt;
    }

    private readonly record struct Slot(string? Key, int Hash, int Entity);
}
