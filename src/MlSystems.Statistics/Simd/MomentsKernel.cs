using System.Runtime.CompilerServices;
namespace MlSystems.Statistics.Simd;

/// <summary>
/// Mean and sum of squared deviations in one pass over memory, numerically stable.
/// </summary>
/// <remarks>
/// Each L1-sized chunk is reduced to Σd and Σd² with d = x − shift, the shift being the running mean (the chunk's
/// first value for the first chunk), so one read of memory does the work. The chunk's M2 = Σd² − (Σd)²/n is exact
/// while the shift lies within a few standard deviations of the chunk mean; when the subtraction cancels more than
/// eight bits (sorted or trending data), the chunk is redone from L1 with the two-pass algorithm about its own mean.
/// Chunks merge with Chan, Golub and LeVeque's pairwise formulas. Every decision depends only on values computed
/// identically at every register width, so all widths return the same bits.
/// </remarks>
internal static class MomentsKernel
{
    private const int ChunkLength = 4096;

    /// <summary>Σd² may exceed M2 by this factor (eight bits of cancellation) before the chunk is redone in two passes.</summary>
    private const double CancellationLimit = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (long Count, double Mean, double M2) Run(ReadOnlySpan<double> values, VectorWidth width)
    {
        long count = 0;
        double mean = 0, m2 = 0;
        for (int start = 0; start < values.Length; start += ChunkLength)
        {
            ReadOnlySpan<double> chunk = values.Slice(start, Math.Min(ChunkLength, values.Length - start));
            double shift = count == 0 ? chunk[0] : mean;
            (double chunkMean, double chunkM2) = ChunkMoments(chunk, shift, width);
            (count, mean, m2) = Combine(count, mean, m2, chunk.Length, chunkMean, chunkM2);
        }

        return (count, mean, m2);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Mean, double M2) ChunkMoments(ReadOnlySpan<double> chunk, double shift, VectorWidth width)
    {
        (double s1, double s2) = LaneSums.ShiftedSums(chunk, shift, width);
        double offset = s1 / chunk.Length;
        double m2 = s2 - (s1 * offset);
        if (s2 <= CancellationLimit * m2)
        {
            return (shift + offset, m2);
        }

        double mean = LaneSums.Sum(chunk, width) / chunk.Length;
        return (mean, LaneSums.ShiftedSums(chunk, mean, width).Squares);
    }
    /// <summary>Chan, Golub and LeVeque's exact pairwise merge of (count, mean, M2).</summary>
    public static (long Count, double Mean, double M2) Combine(long na, double meanA, double m2A, long nb, double meanB, double m2B)
    {
        if (na == 0)
        {
            return (nb, meanB, m2B);
        }

        if (nb == 0)
        {
            return (na, meanA, m2A);
        }

        long n = na + nb;
        double delta = meanB - meanA;
        double mean = meanA + (delta * ((double)nb / n));
        double m2 = m2A + m2B + (delta * delta * ((double)na * nb / n));
        return (n, mean, m2);
    }
}
