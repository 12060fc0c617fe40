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
    private const long ExactIntegerLimit = 1L << 51;

    public static EcdfDifference Run(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if ((long)a.Length * b.Length >= ExactIntegerLimit)
        {
            return Exact(a, b);
        }

        Span<long> maxAt = stackalloc long[MaxCandidates];
        Span<long> minAt = stackalloc long[MaxCandidates];
        var max = new Extreme(long.MinValue);
        var min = new Extreme(long.MaxValue);
        int n1 = a.Length, n2 = b.Length;
        long step = (long)n1 + n2;
        long gap = 0;
        int i = 0, j = 0;
        ref double pa = ref MemoryMarshal.GetReference(a);
        ref double pb = ref MemoryMarshal.GetReference(b);
        while (i < n1 && j < n2)
        {
            double va = Unsafe.Add(ref pa, i), vb = Unsafe.Add(ref pb, j);
            int takeA = Unsafe.BitCast<bool, byte>(va <= vb);
            double current = Math.Min(va, vb);
            i += takeA;
            j += 1 - takeA;
            gap += (takeA * step) - n1;
            bool endOfTies = (i == n1 || Unsafe.Add(ref pa, i) != current) && (j == n2 || Unsafe.Add(ref pb, j) != current);
            if (endOfTies)
            {
                max.Offer(gap, i, j, maxAt, larger: true);
                min.Offer(gap, i, j, minAt, larger: false);
            }
        }

        // One sample is used up; the rest of the other moves the gap in one direction only.
        for (; i < n1; i++)
        {
            gap += n2;
            if (i + 1 == n1 || a[i + 1] != a[i])
            {
                max.Offer(gap, i + 1, j, maxAt, larger: true);
                min.Offer(gap, i + 1, j, minAt, larger: false);
            }
        }

        for (; j < n2; j++)
        {
            gap -= n1;
            if (j + 1 == n2 || b[j + 1] != b[j])
            {
                max.Offer(gap, i, j + 1, maxAt, larger: true);
                min.Offer(gap, i, j + 1, minAt, larger: false);
            }
        }

        if (max.Overflowed || min.Overflowed)
        {
            return Exact(a, b);
        }

        (double dPlus, double dPlusAt) = Resolve(a, b, maxAt[..max.Count], larger: true);
        (double lowest, double dMinusAt) = Resolve(a, b, minAt[..min.Count], larger: false);
        return new EcdfDifference(dPlus, dPlusAt, Math.Clamp(-lowest, 0, 1), dMinusAt);
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

    /// <summary>The running integer extreme and the positions (i, j) that reach it, in walk order.</summary>
    private struct Extreme(long initial)
    {
        private long value = initial;

        public int Count { get; private set; }

        public bool Overflowed { get; private set; }

        public void Offer(long gap, int i, int j, Span<long> positions, bool larger)
        {
            if (larger ? gap > value : gap < value)
            {
                value = gap;
                Count = 0;
                Overflowed = false;
            }
            else if (gap != value)
            {
                return;
            }

            if (Count == positions.Length)
            {
                Overflowed = true;
                return;
            }

            positions[Count++] = ((long)i << 32) | (uint)j;
        }
    }
}
