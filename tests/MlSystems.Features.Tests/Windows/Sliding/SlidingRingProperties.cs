using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace MlSystems.Features.Tests.Windows.Sliding;

/// <summary>
/// A busy window's ring reads, from its stored pane folds, exactly the bits of <see cref="SlidingFold"/> over the same
/// values, through in-order adds, out-of-order inserts, evictions and reads anywhere within the lateness, in an array that
/// stays bounded by what is held.
/// </summary>
public sealed class SlidingRingProperties
{
    private const long Length = 600;
    private const long Lateness = 120;

    [Property(MaxTest = 200)]
    public Property Cached_reads_equal_the_canonical_fold_bit_for_bit(PositiveInt seed) =>
        Prop.ForAll(Gen.Choose(20, 400).ToArbitrary(), operations =>
            Matches<SumOperator, double>(seed.Get, operations) && Matches<VarianceOperator, Moments>(seed.Get, operations) && Matches<MaxOperator, double>(seed.Get, operations));

    private static bool Matches<TOperator, TState>(int seed, int operations)
        where TOperator : struct, IWindowOperator<TState>
        where TState : struct
    {
        var random = new Random(seed);
        // The ring is a view over a spilled cell and the entity's entry array, as the column keeps them.
        SlidingCell cell = new() { Floor = long.MinValue };
        SlidingEntry<TState>[]? store = null;
        new SlidingRing<TOperator, TState>(ref cell, ref store, Length).Load([]);
        cell.Spilled = true;
        int largest = 0;
        var held = new List<SlidingPoint>();
        long newest = -5_000 + random.Next(100);
        for (int op = 0; op < operations; op++)
        {
            // Mostly forward in bursts and ties, sometimes late within the lateness; values whose sums depend on order.
            long ticks = random.Next(10) switch
            {
                < 2 => newest,
                < 4 => newest - random.Next(1, (int)Lateness),
                _ => newest + random.Next(0, 90),
            };
            double value = random.Next(3) == 0 ? 1e9 + random.NextDouble() : random.NextDouble() * 100;
            newest = Math.Max(newest, ticks);
            long floor = newest - Lateness - Length;
            cell.Floor = Math.Max(cell.Floor, floor);
            var ring = new SlidingRing<TOperator, TState>(ref cell, ref store, Length);
            held.RemoveAll(p => p.Ticks < floor);
            if (ticks < floor)
            {
                continue;
            }

            ring.Add(ticks, value);
            largest = Math.Max(largest, held.Count + 1);
            held.Add(new SlidingPoint { Ticks = ticks, Value = value });
            held.Sort((a, b) => EventTime.Precedes(a.Ticks, a.Value, b.Ticks, b.Value) ? -1 : EventTime.Precedes(b.Ticks, b.Value, a.Ticks, a.Value) ? 1 : 0);

            long at = newest - Lateness + random.Next((int)(Lateness + Length));
            double expected = SlidingFold.Read<TOperator, TState, SlidingPoint>(held.ToArray(), at, Length, empty: -1);
            if (BitConverter.DoubleToInt64Bits(ring.Read(at, -1, cached: true)) != BitConverter.DoubleToInt64Bits(expected)
                || BitConverter.DoubleToInt64Bits(ring.Read(at, -1, cached: false)) != BitConverter.DoubleToInt64Bits(expected))
            {
                return false;
            }
        }

        // Released entries leave the array when it fills: it stays within four times the most ever held (or its first size).
        return new SlidingRing<TOperator, TState>(ref cell, ref store, Length).Count == held.Count && store!.Length <= Math.Max(8, 4 * largest);
    }
}
