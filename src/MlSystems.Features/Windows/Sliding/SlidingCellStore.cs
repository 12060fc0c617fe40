using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// The <see cref="SlidingCell"/>s of a shard's sliding windows, entity-major and aligned to cache lines: an entity's
/// cells, one per sliding window, sit side by side in whole lines of one page, so an event costs one page walk and a
/// run of adjacent lines however many sliding windows the feature set has.
/// </summary>
internal sealed class SlidingCellStore(int windows)
{
    private const int CellSize = 64;

    // Pinned, so the alignment computed once stays true; cells hold no references, so the collector need not see them.
    private byte[] storage = [];
    private int origin;
    private int capacity;

    /// <summary>Cells per entity: the feature set's sliding windows.</summary>
    public int Windows => windows;

    /// <summary>Makes room for entity numbers below <paramref name="newCapacity"/>, keeping what is held; new cells are empty.</summary>
    public unsafe void Resize(int newCapacity)
    {
        if (windows == 0)
        {
            return;
        }

        int stride = windows * CellSize;
        byte[] grown = GC.AllocateUninitializedArray<byte>((newCapacity * stride) + CellSize - 1, pinned: true);
        int start = (int)((CellSize - ((nuint)Unsafe.AsPointer(ref grown[0]) & (CellSize - 1))) & (CellSize - 1));
        int kept = Math.Min(capacity, newCapacity);
        storage.AsSpan(origin, kept * stride).CopyTo(grown.AsSpan(start, kept * stride));
        (storage, origin, capacity) = (grown, start, newCapacity);
        for (int entity = kept; entity < newCapacity; entity++)
        {
            for (int window = 0; window < windows; window++)
            {
                Cell(entity, window) = new SlidingCell { EvictedUpTo = long.MinValue };
            }
        }
    }

    /// <summary>An entity's cell for one sliding window (numbered among the sliding windows only).</summary>
    public ref SlidingCell Cell(int entity, int window)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)entity, (uint)capacity, nameof(entity));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)window, (uint)windows, nameof(window));
        int offset = origin + (((entity * windows) + window) * CellSize);
        return ref Unsafe.As<byte, SlidingCell>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(storage), offset));
    }

    /// <summary>Starts loading all of an entity's cells.</summary>
    public void Prefetch(int entity)
    {
        for (int window = 0; window < windows; window++)
        {
            CachePrefetch.Line(in Cell(entity, window));
        }
    }
}
