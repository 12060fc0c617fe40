using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlSystems.Statistics.Ecdf;

/// <summary>
/// The merge walk behind <see cref="SpanStatistics.EcdfDifference"/>: the extremes of F₁ − F₂ over the observed values
/// of two sorted samples, with scipy's rounding and tie rules.
/// </summary>
/// <remarks>
/// <para>The fast walk keeps the gap as the exact integer i·n₂ − j·n₁ (the gap times n₁n₂) and advances through the
/// merged order without a data-dependent branch: which sample supplies the next value is a coin flip for similar
/// distributions, so a branch would mispredict half the time. The gap is only recorded where the next value differs
/// from the current one, because the ECDFs are evaluated after all ties at a value are consumed.</para>
/// <para>scipy forms the gap as i/n₁ − j/n₂ in doubles. While n₁n₂ &lt; 2⁵¹ that rounding cannot reorder two different
/// integer gaps (they differ by at least 1/(n₁n₂), more than twice the rounding error), so the floating-point extreme
/// lies among the positions that reach the integer extreme; those few candidates are re-evaluated in doubles and
/// scipy's tie rule applied. Larger samples, or more tied candidates than the buffer holds, take the exact reference
/// walk, which evaluates every distinct value in doubles.</para>
/// </remarks>
internal static class EcdfWalk
{
    private const int MaxCandidates = 32;
    private const int Streams = 2;
    private const int InterleaveThreshold = 4096;

    /// <summary>From this merged length, two pairs of interleaved walks run on two threads.</summary>
    private const int ParallelThreshold = 1 << 20;
    private const long ExactIntegerLimit = 1L << 51;

    public static EcdfDifference Run(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if ((long)a.Length * b.Length >= ExactIntegerLimit)
        {
            return Exact(a, b);
        }

        int n1 = a.Length, n2 = b.Length, total = n1 + n2;
        int streams = total >= ParallelThreshold && Environment.ProcessorCount > 1 ? 2 * Streams : total >= InterleaveThreshold ? Streams : 1;
        Span<MergeCursor> cursors = stackalloc MergeCursor[streams];
        Span<long> positions = stackalloc long[streams * 2 * MaxCandidates];
        for (int s = 0; s < streams; s++)
        {
            int start = (int)((long)total * s / streams);
            int i = MergePathSplit(a, b, start);
            cursors[s] = new MergeCursor(i, start - i, (int)((long)total * (s + 1) / streams), n1, n2);
        }

        if (streams == 2 * Streams)
        {
            WalkInParallel(a, b, cursors, positions);
        }
        else
        {
            ref double pa = ref MemoryMarshal.GetReference(a);
            ref double pb = ref MemoryMarshal.GetReference(b);
            if (streams == Streams)
            {
                WalkPair(ref cursors[0], ref cursors[1], ref pa, ref pb, n1, n2, positions);
            }
            else
            {
                Span<long> own = positions[..(2 * MaxCandidates)];
                while (cursors[0].Remaining > 0)
                {
                    Step(ref cursors[0], ref pa, ref pb, n1, n2, total, own);
                }
            }
        }

        // The walks cover consecutive segments, so their candidates concatenate in ascending order of value.
        long max = long.MinValue, min = long.MaxValue;
        foreach (MergeCursor c in cursors)
        {
            max = Math.Max(max, c.Max);
            min = Math.Min(min, c.Min);
        }

        Span<long> maxAt = stackalloc long[streams * MaxCandidates];
        Span<long> minAt = stackalloc long[streams * MaxCandidates];
        int maxCount = 0, minCount = 0;
        for (int s = 0; s < streams; s++)
        {
            MergeCursor c = cursors[s];
            if (c.Overflowed && (c.Max == max || c.Min == min))
            {
                return Exact(a, b);
            }

            Span<long> own = positions.Slice(s * 2 * MaxCandidates, 2 * MaxCandidates);
            if (c.Max == max)
            {
                own[..c.MaxCount].CopyTo(maxAt[maxCount..]);
                maxCount += c.MaxCount;
            }

            if (c.Min == min)
            {
                own.Slice(MaxCandidates, c.MinCount).CopyTo(minAt[minCount..]);
                minCount += c.MinCount;
            }
        }

        (double dPlus, double dPlusAt) = Resolve(a, b, maxAt[..maxCount], larger: true);
        (double lowest, double dMinusAt) = Resolve(a, b, minAt[..minCount], larger: false);
        return new EcdfDifference(dPlus, dPlusAt, Math.Clamp(-lowest, 0, 1), dMinusAt);
    }

    /// <summary>Runs cursors 0–1 and 2–3 as two interleaved pairs on two threads.</summary>
    private static unsafe void WalkInParallel(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<MergeCursor> cursors, Span<long> positions)
    {
        int n1 = a.Length, n2 = b.Length;

        // Lambdas cannot capture spans or refs; the pinned addresses carry them to the second thread.
        fixed (double* pa = a, pb = b)
        fixed (MergeCursor* pc = cursors)
        fixed (long* pp = positions)
        {
            nint addressA = (nint)pa, addressB = (nint)pb, addressC = (nint)pc, addressP = (nint)pp;
            int block = 2 * MaxCandidates;
            Parallel.Invoke(
                () => WalkPair(ref ((MergeCursor*)addressC)[0], ref ((MergeCursor*)addressC)[1], ref *(double*)addressA, ref *(double*)addressB, n1, n2, new Span<long>((long*)addressP, 2 * block)),
                () => WalkPair(ref ((MergeCursor*)addressC)[2], ref ((MergeCursor*)addressC)[3], ref *(double*)addressA, ref *(double*)addressB, n1, n2, new Span<long>((long*)addressP + (2 * block), 2 * block)));
        }
    }

    /// <summary>
    /// Walks two consecutive segments to their ends, advancing them in turn so that each one's load → compare → index
    /// chain overlaps the other's. <paramref name="positions"/> holds both cursors' candidate blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WalkPair(ref MergeCursor first, ref MergeCursor second, ref double pa, ref double pb, int n1, int n2, Span<long> positions)
    {
        // The state stays in registers; only a new extreme leaves the loop for the bookkeeping.
        long step = n1 + n2;
        int i0 = first.I, j0 = first.J, r0 = first.Remaining;
        int i1 = second.I, j1 = second.J, r1 = second.Remaining;
        long g0 = first.Gap, g1 = second.Gap;
        long hi0 = long.MinValue, lo0 = long.MaxValue, hi1 = long.MinValue, lo1 = long.MaxValue;
        Span<long> p0 = positions[..(2 * MaxCandidates)], p1 = positions.Slice(2 * MaxCandidates, 2 * MaxCandidates);
        int last1 = n1 - 1, last2 = n2 - 1;
        while (r0 > 0 && r1 > 0)
        {
            // A used-up sample reads as +∞ (a predictable branch: it happens once), so the smaller head is the value
            // taken and Math.Min computes it without a branch.
            double a0 = i0 < n1 ? Unsafe.Add(ref pa, i0) : double.PositiveInfinity, b0 = j0 < n2 ? Unsafe.Add(ref pb, j0) : double.PositiveInfinity;
            double a1 = i1 < n1 ? Unsafe.Add(ref pa, i1) : double.PositiveInfinity, b1 = j1 < n2 ? Unsafe.Add(ref pb, j1) : double.PositiveInfinity;
            int t0 = Unsafe.BitCast<bool, byte>((i0 < n1) & ((j0 >= n2) | (a0 <= b0)));
            int t1 = Unsafe.BitCast<bool, byte>((i1 < n1) & ((j1 >= n2) | (a1 <= b1)));
            double x0 = Math.Min(a0, b0);
            double x1 = Math.Min(a1, b1);
            i0 += t0;
            j0 += 1 - t0;
            i1 += t1;
            j1 += 1 - t1;
            g0 += (t0 * step) - n1;
            g1 += (t1 * step) - n1;
            r0--;
            r1--;
            bool e0 = ((i0 == n1) | (Unsafe.Add(ref pa, Math.Min(i0, last1)) != x0)) & ((j0 == n2) | (Unsafe.Add(ref pb, Math.Min(j0, last2)) != x0));
            bool e1 = ((i1 == n1) | (Unsafe.Add(ref pa, Math.Min(i1, last1)) != x1)) & ((j1 == n2) | (Unsafe.Add(ref pb, Math.Min(j1, last2)) != x1));
            if (e0 && (g0 >= hi0 || g0 <= lo0))
            {
                Record(ref first, i0, j0, g0, p0);
                (hi0, lo0) = (first.Max, first.Min);
            }

            if (e1 && (g1 >= hi1 || g1 <= lo1))
            {
                Record(ref second, i1, j1, g1, p1);
                (hi1, lo1) = (second.Max, second.Min);
            }
        }

        (first.I, first.J, first.Remaining, first.Gap) = (i0, j0, r0, g0);
        (second.I, second.J, second.Remaining, second.Gap) = (i1, j1, r1, g1);

        // The shorter segment's walk finished first; the other one ends alone.
        while (first.Remaining > 0)
        {
            Step(ref first, ref pa, ref pb, n1, n2, step, p0);
        }

        while (second.Remaining > 0)
        {
            Step(ref second, ref pa, ref pb, n1, n2, step, p1);
        }
    }

    /// <summary>One step of a walk, free of data-dependent branches except the rare new-extreme bookkeeping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref MergeCursor c, ref double pa, ref double pb, int n1, int n2, long step, Span<long> positions)
    {
        int i = c.I, j = c.J;
        double va = i < n1 ? Unsafe.Add(ref pa, i) : double.PositiveInfinity, vb = j < n2 ? Unsafe.Add(ref pb, j) : double.PositiveInfinity;
        int takeA = Unsafe.BitCast<bool, byte>((i < n1) & ((j >= n2) | (va <= vb)));
        double current = Math.Min(va, vb);
        i += takeA;
        j += 1 - takeA;
        long gap = c.Gap + (takeA * step) - n1;
        double nextA = Unsafe.Add(ref pa, Math.Min(i, n1 - 1)), nextB = Unsafe.Add(ref pb, Math.Min(j, n2 - 1));
        bool endOfTies = ((i == n1) | (nextA != current)) & ((j == n2) | (nextB != current));
        c.I = i;
        c.J = j;
        c.Gap = gap;
        c.Remaining--;
        if (endOfTies && (gap >= c.Max || gap <= c.Min))
        {
            Record(ref c, i, j, gap, positions);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Record(ref MergeCursor c, int i, int j, long gap, Span<long> positions)
    {
        long packed = ((long)i << 32) | (uint)j;
        if (gap > c.Max)
        {
            (c.Max, c.MaxCount) = (gap, 0);
        }

        if (gap == c.Max)
        {
            if (c.MaxCount == MaxCandidates)
            {
                c.Overflowed = true;
            }
            else
            {
                positions[c.MaxCount++] = packed;
            }
        }

        if (gap < c.Min)
        {
            (c.Min, c.MinCount) = (gap, 0);
        }

        if (gap == c.Min)
        {
            if (c.MinCount == MaxCandidates)
            {
                c.Overflowed = true;
            }
            else
            {
                positions[MaxCandidates + c.MinCount++] = packed;
            }
        }
    }

    /// <summary>
    /// The number of first-sample values among the first <paramref name="k"/> values of the merged order (the first
    /// sample's value goes first on ties, as in the walk).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MergePathSplit(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int k)
    {
        int lo = Math.Max(0, k - b.Length), hi = Math.Min(k, a.Length);
        while (lo < hi)
        {
            int i = (lo + hi) >>> 1;

            // Taking i values of a is too few when a[i] still goes before b[k − i − 1].
            if (a[i] <= b[k - i - 1])
            {
                lo = i + 1;
            }
            else
            {
                hi = i;
            }
        }

        return lo;
    }

    /// <summary>The reference walk: every distinct value, gaps in doubles exactly as scipy forms them.</summary>
    public static EcdfDifference Exact(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length;
        double maxDiff = double.NegativeInfinity, minDiff = double.PositiveInfinity;
        double maxAt1 = double.NaN, maxAt2 = double.NaN, minAt1 = double.NaN, minAt2 = double.NaN;
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            double x = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            double first = double.NaN, second = double.NaN;
            if (i < n1 && a[i] == x)
            {
                first = a[i];
                do
                {
                    i++;
                }
                while (i < n1 && a[i] == x);
            }

            if (j < n2 && b[j] == x)
            {
                second = b[j];
                do
                {
                    j++;
                }
                while (j < n2 && b[j] == x);
            }

            double diff = ((double)i / n1) - ((double)j / n2);

            // scipy takes the first arg-extremum in the concatenation (first sample, then second), hence one
            // candidate location per sample, each the smallest value reaching the extremum.
            if (diff > maxDiff)
            {
                (maxDiff, maxAt1, maxAt2) = (diff, first, second);
            }
            else if (diff == maxDiff)
            {
                maxAt1 = double.IsNaN(maxAt1) ? first : maxAt1;
                maxAt2 = double.IsNaN(maxAt2) ? second : maxAt2;
            }

            if (diff < minDiff)
            {
                (minDiff, minAt1, minAt2) = (diff, first, second);
            }
            else if (diff == minDiff)
            {
                minAt1 = double.IsNaN(minAt1) ? first : minAt1;
                minAt2 = double.IsNaN(minAt2) ? second : minAt2;
            }
        }

        return new EcdfDifference(
            maxDiff,
            double.IsNaN(maxAt1) ? maxAt2 : maxAt1,
            Math.Clamp(-minDiff, 0, 1),
            double.IsNaN(minAt1) ? minAt2 : minAt1);
    }

    /// <summary>Re-evaluates the integer-extreme positions in doubles and applies scipy's concatenation-order tie rule.</summary>
    private static (double Value, double Location) Resolve(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<long> candidates, bool larger)
    {
        double best = larger ? double.NegativeInfinity : double.PositiveInfinity;
        double inFirst = double.NaN, inSecond = double.NaN;
        foreach (long packed in candidates)
        {
            int i = (int)(packed >> 32), j = (int)packed;
            double diff = ((double)i / a.Length) - ((double)j / b.Length);
            double valueA = i > 0 ? a[i - 1] : double.NegativeInfinity;
            double valueB = j > 0 ? b[j - 1] : double.NegativeInfinity;
            double x = Math.Max(valueA, valueB);
            double first = i > 0 && valueA == x ? valueA : double.NaN;
            double second = j > 0 && valueB == x ? valueB : double.NaN;
            if (larger ? diff > best : diff < best)
            {
                (best, inFirst, inSecond) = (diff, first, second);
            }
            else if (diff == best)
            {
                inFirst = double.IsNaN(inFirst) ? first : inFirst;
                inSecond = double.IsNaN(inSecond) ? second : inSecond;
            }
        }

        return (best, double.IsNaN(inFirst) ? inSecond : inFirst);
    }
}
