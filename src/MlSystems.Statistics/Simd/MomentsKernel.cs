namespace MlSystems.Statistics.Simd;

/// <summary>
/// Mean and sum of squared deviations in one pass over memory, numerically stable.
/// </summary>
/// <remarks>
/// Each L1-sized chunk is summed, then re-read from L1 for Σd and Σd² about the chunk mean (the corrected
/// two-pass algorithm of Chan, Golub and LeVeque, whose error does not grow with the size of the mean), and the
/// chunks are merged with Chan's pairwise formulas. Memory is read once; the second read hits L1.
/// </remarks>
internal static class MomentsKernel
{
    private const int ChunkLength = 2048;

    public static (long Count, double Mean, double M2) Run(ReadOnlySpan<double> values, VectorWidth width)
    {
        long count = 0;
        double mean = 0, m2 = 0;
        for (int start = 0; start < values.Length; start += ChunkLength)
        {
            ReadOnlySpan<double> chunk = values.Slice(start, Math.Min(ChunkLength, values.Length - start));
            (double chunkMean, double chunkM2) = ChunkMoments(chunk, width);
            (count, mean, m2) = Combine(count, mean, m2, chunk.Length, chunkMean, chunkM2);
        }

        return (count, mean, m2);
    }

    public static (double Mean, double M2) ChunkMoments(ReadOnlySpan<double> chunk, VectorWidth width)
    {
        double length = chunk.Length;
        double center = LaneSums.Sum(chunk, width) / length;
        (double d1, double d2) = LaneSums.DeviationSums(chunk, center, width);
        return (center + (d1 / length), d2 - (d1 * d1 / length));
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
