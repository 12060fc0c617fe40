using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// The <see cref="SlidingCell"/>s of a shard's sliding windows, entity-major and aligned to cache lines: an entity's
/// cells, one per sliding window, sit side by side in whole lines of one page, so an event costs one page walk and a
/// run of adjacent lines however many sliding windows the feature set has.
/// </summary>
/// <remarks>
/// Cells live in segments of <see cref="SegmentEntities"/> entities that never move once full: growing adds segments
/// and copies nothing (the shard's lock is not held for a large copy), and no single array has to hold every entity.
/// Until a shard has that many entities its one segment grows by doubling, so a small engine stays small.
/// </remarks>
internal sealed class SlidingCellStore
{
    private const int SegmentBits = 12;
    private const int SegmentEntities = 1 << SegmentBits;
    private const int CellSize = 64;

    private readonly int windows;
    private Segment[] segments = [];

    public SlidingCellStore(int windows)
    {
        // The cells are addressed by arithmetic on bytes: a cell that outgrew its line would overwrite its neighbour.
        if (Unsafe.SizeOf<SlidingCell>() != CellSize)
        {
            throw new InvalidOperationException($"A sliding cell is {Unsafe.SizeOf<SlidingCell>()} bytes, not {CellSize}.");
        }

        this.windows = windows;
    }

    /// <summary>Makes room for entity numbers below <paramref name="capacity"/>, keeping what is held; new cells are empty.</summary>
    public void Resize(int capacity)
    {
        if (windows == 0)
        {
            return;
        }

        if (segments.Length <= 1)
        {
            GrowFirst(Math.Min(capacity, SegmentEntities));
        }

        int needed = (int)(((long)capacity + SegmentEntities - 1) >> SegmentBits);
        if (needed > segments.Length)
        {
            Segment[] grown = new Segment[needed];
            segments.CopyTo(grown, 0);
            for (int s = segments.Length; s < needed; s++)
            {
                grown[s] = Segment.Create(windows, SegmentEntities, kept: default);
            }

            segments = grown;
        }
    }

    /// <summary>An entity's cell for one sliding window (numbered among the sliding windows only).</summary>
    public ref SlidingCell Cell(int entity, int window)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)window, (uint)windows, nameof(window));
        return ref Unsafe.Add(ref Cells(entity), window);
    }

    /// <summary>Empties all of an entity's cells.</summary>
    public void Reset(int entity)
    {
        if (windows == 0)
        {
            return;
        }

        ref SlidingCell first = ref Cells(entity);
        for (int window = 0; window < windows; window++)
        {
            Unsafe.Add(ref first, window) = new SlidingCell { Floor = long.MinValue };
        }
    }

    /// <summary>Starts loading all of an entity's cells.</summary>
    public void Prefetch(int entity)
    {
        if (windows == 0)
        {
            return;
        }

        ref SlidingCell first = ref Cells(entity);
        for (int window = 0; window < windows; window++)
        {
            CachePrefetch.Line(in Unsafe.Add(ref first, window));
        }
    }

    /// <summary>An entity's first cell, the others following it.</summary>
    private ref SlidingCell Cells(int entity)
    {
        Segment segment = segments[entity >> SegmentBits];
        int index = entity & (SegmentEntities - 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, segment.Entities, nameof(entity));
        int offset = segment.Origin + (index * windows * CellSize);
        return ref Unsafe.As<byte, SlidingCell>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(segment.Bytes), offset));
    }

    private void GrowFirst(int capacity)
    {
        if (segments.Length == 1 && segments[0].Entities >= capacity)
        {
            return;
        }

        ReadOnlySpan<byte> kept = segments.Length == 1 ? segments[0].Used(windows) : default;
        segments = [Segment.Create(windows, capacity, kept)];
    }

    /// <summary>A pinned array of cells and where its first line-aligned cell starts.</summary>
    private readonly record struct Segment(byte[] Bytes, int Origin, int Entities)
    {
        /// <summary>A segment for <paramref name="entities"/> entities starting with the cells in <paramref name="kept"/>, the rest empty.</summary>
        public static unsafe Segment Create(int windows, int entities, ReadOnlySpan<byte> kept)
        {
            // Pinned, so the alignment computed here stays true; cells hold no references, so the collector need not see them.
            int length = entities * windows * CellSize;
            byte[] bytes = GC.AllocateUninitializedArray<byte>(length + CellSize - 1, pinned: true);
            int origin = (int)((CellSize - ((nuint)Unsafe.AsPointer(ref bytes[0]) & (CellSize - 1))) & (CellSize - 1));
            kept.CopyTo(bytes.AsSpan(origin));
            MemoryMarshal.Cast<byte, SlidingCell>(bytes.AsSpan(origin + kept.Length, length - kept.Length)).Fill(new SlidingCell { Floor = long.MinValue });
            return new Segment(bytes, origin, entities);
        }

        /// <summary>The bytes of every cell.</summary>
        public ReadOnlySpan<byte> Used(int windows) => Bytes.AsSpan(Origin, Entities * windows * CellSize);
    }
}
