namespace MlSystems.Features;

/// <summary>
/// Entity keys to dense entity numbers: open addressing with linear probing, the key's hash kept in the slot so a probe
/// rarely has to compare strings. Not thread-safe: a shard's lock guards it.
/// </summary>
internal sealed class EntityTable
{
    private Slot[] slots = new Slot[16];

    /// <summary>The entities held; they are numbered 0 to <see cref="Count"/> − 1 in order of arrival.</summary>
    public int Count { get; private set; }

    /// <summary>The entity number of <paramref name="key"/>, or −1.</summary>
    public int Find(string key, int hash)
    {
        ref Slot slot = ref Probe(key, hash);
        return slot.Key is null ? -1 : slot.Entity;
    }

    /// <summary>The entity number of <paramref name="key"/>, numbering it next if it is new.</summary>
    public int FindOrAdd(string key, int hash)
    {
        ref Slot slot = ref Probe(key, hash);
        if (slot.Key is not null)
        {
            return slot.Entity;
        }

        slot = new Slot(key, hash, Count);
        // Half full at most: probe sequences stay short.
        if (++Count * 2 > slots.Length)
        {
            Grow();
        }

        return Count - 1;
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

    private void Grow()
    {
        var grown = new Slot[slots.Length * 2];
        int mask = grown.Length - 1;
        foreach (Slot slot in slots)
        {
            if (slot.Key is not null)
            {
                int i = slot.Hash & mask;
                while (grown[i].Key is not null)
                {
                    i = (i + 1) & mask;
                }

                grown[i] = slot;
            }
        }

        slots = grown;
    }

    private readonly record struct Slot(string? Key, int Hash, int Entity);
}
