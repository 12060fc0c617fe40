using System.Buffers;

namespace MlSystems.Statistics;

public static partial class SpanStatistics
{
    /// <summary>
    /// The <paramref name="probability"/> quantile of an ascending sample, with numpy's default linear interpolation
    /// (<c>numpy.quantile(..., method="linear")</c>, Hyndman and Fan's type 7).
    /// </summary>
    /// <remarks>
    /// The virtual index is (n − 1)·p; the result interpolates between its neighbours exactly as numpy does,
    /// including numpy's switch to interpolating from the upper neighbour when the fraction is ≥ 0.5, so finite
    /// inputs give numpy's bits. Where numpy would return NaN from ∞ − ∞ between two equal infinite neighbours, the
    /// neighbour itself is returned. Order is not checked (that would cost a pass); NaN at either end is.
    /// </remarks>
    /// <param name="sortedValues">The sample in ascending order, non-empty, without NaN (as left by <see cref="Sort"/>).</param>
    /// <param name="probability">The probability in [0, 1].</param>
    /// <exception cref="ArgumentException"><paramref name="sortedValues"/> is empty or holds NaN at either end.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1] or NaN.</exception>
    public static double QuantileOfSorted(ReadOnlySpan<double> sortedValues, double probability)
    {
        ValidateSorted(sortedValues, nameof(sortedValues));
        ValidateProbability(probability, nameof(probability));
        return LinearQuantile(sortedValues, probability);
    }

    /// <summary>Several quantiles of an ascending sample; see <see cref="QuantileOfSorted"/> for the definition.</summary>
    /// <param name="sortedValues">The sample in ascending order, non-empty, without NaN.</param>
    /// <param name="probabilities">Probabilities in [0, 1], in any order.</param>
    /// <param name="destination">Receives one quantile per probability; at least as long as <paramref name="probabilities"/>.</param>
    /// <exception cref="ArgumentException">A span is empty or too short, or <paramref name="sortedValues"/> holds NaN at either end.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A probability is outside [0, 1] or NaN.</exception>
    public static void QuantilesOfSorted(ReadOnlySpan<double> sortedValues, ReadOnlySpan<double> probabilities, Span<double> destination)
    {
        ValidateSorted(sortedValues, nameof(sortedValues));
        if (destination.Length < probabilities.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} elements but {probabilities.Length} probabilities were given.", nameof(destination));
        }

        foreach (double p in probabilities)
        {
            ValidateProbability(p, nameof(probabilities));
        }

        for (int k = 0; k < probabilities.Length; k++)
        {
            destination[k] = LinearQuantile(sortedValues, probabilities[k]);
        }
    }

    /// <summary>
    /// Quantiles of an unsorted sample: copies it to pooled scratch, sorts it with <see cref="Sort"/> and applies
    /// <see cref="QuantilesOfSorted"/>. <paramref name="values"/> is not modified.
    /// </summary>
    /// <param name="values">The sample, in any order.</param>
    /// <param name="probabilities">Probabilities in [0, 1].</param>
    /// <param name="destination">Receives one quantile per probability.</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> is empty or all NaN, contains NaN under <see cref="NaNPolicy.Reject"/>, or <paramref name="destination"/> is too short.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A probability is outside [0, 1] or NaN.</exception>
    /// <remarks>Under <see cref="NaNPolicy.Propagate"/> a NaN in the input makes every quantile NaN, as numpy.quantile does.</remarks>
    public static void Quantiles(ReadOnlySpan<double> values, ReadOnlySpan<double> probabilities, Span<double> destination, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("The sample is empty.", nameof(values));
        }

        NaNGuard.Validate(nanPolicy, nameof(nanPolicy), allowPropagate: true);
        if (destination.Length < probabilities.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} elements but {probabilities.Length} probabilities were given.", nameof(destination));
        }

        foreach (double p in probabilities)
        {
            ValidateProbability(p, nameof(probabilities));
        }

        if (nanPolicy == NaNPolicy.Propagate && Simd.NaNCounter.Count(values, Simd.VectorWidths.Resolve(Simd.VectorWidths.NaNCounting)) > 0)
        {
            destination[..probabilities.Length].Fill(double.NaN);
            return;
        }

        if (values.Length >= SelectionThreshold && probabilities.Length <= MaxSelectedProbabilities && TrySelectQuantiles(values, probabilities, destination, nanPolicy))
        {
            return;
        }

        double[] copy = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            Span<double> work = copy.AsSpan(0, values.Length);
            values.CopyTo(work);
            int kept = Sort(work, nanPolicy == NaNPolicy.Propagate ? NaNPolicy.Reject : nanPolicy);

            if (kept == 0)
            {
                throw new ArgumentException("Every value is NaN.", nameof(values));
            }

            QuantilesOfSorted(work[..kept], probabilities, destination);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(copy);
        }
    }

    /// <summary>Large samples with few probabilities select their order statistics instead of sorting.</summary>
    private const int SelectionThreshold = 32_768;
    private const int MaxSelectedProbabilities = 64;

    private static bool TrySelectQuantiles(ReadOnlySpan<double> values, ReadOnlySpan<double> probabilities, Span<double> destination, NaNPolicy nanPolicy)
    {
        // NaN propagates through min and max, so the range pass is also the NaN check.
        (double min, double max) = Simd.MinMaxKernel.Run(values, Simd.VectorWidths.Resolve(Simd.VectorWidths.Aggregation));
        if (double.IsNaN(min))
        {
            // Rejected here; omitted by the sorting path, which moves NaN out of the way.
            int nan = Simd.NaNCounter.Count(values, Simd.VectorWidths.Resolve(Simd.VectorWidths.NaNCounting));
            return nanPolicy == NaNPolicy.Reject ? throw NaNGuard.Rejected(nan, values.Length, nameof(values)) : false;
        }

        int last = values.Length - 1;
        Span<int> ranks = stackalloc int[2 * probabilities.Length];
        for (int k = 0; k < probabilities.Length; k++)
        {
            int lower = (int)Math.Min(Math.Floor(last * probabilities[k]), last);
            ranks[2 * k] = lower;
            ranks[(2 * k) + 1] = Math.Min(lower + 1, last);
        }

        Span<double> order = stackalloc double[ranks.Length];
        if (!Sorting.BucketSelect.TrySelect(values, ranks, order, min, max))
        {
            return false;
        }

        for (int k = 0; k < probabilities.Length; k++)
        {
            destination[k] = Interpolate(last, probabilities[k], order[2 * k], order[(2 * k) + 1]);
        }

        return true;
    }

    private static double LinearQuantile(ReadOnlySpan<double> sorted, double probability)
    {
        int last = sorted.Length - 1;
        int lower = (int)Math.Min(Math.Floor(last * probability), last);
        return Interpolate(last, probability, sorted[lower], sorted[Math.Min(lower + 1, last)]);
    }

    /// <summary>numpy's linear interpolation between the order statistics at floor((n − 1)·p) and the next one.</summary>
    private static double Interpolate(int last, double probability, double a, double b)
    {
        double virtualIndex = last * probability;
        if (virtualIndex >= last)
        {
            return b;
        }

        double gamma = virtualIndex - Math.Floor(virtualIndex);
        if (a == b || gamma == 0)
        {
            return a;
        }

        // numpy's _lerp: from the lower neighbour below one half, from the upper one at or above it.
        double difference = b - a;
        return gamma >= 0.5 ? b - (difference * (1 - gamma)) : a + (difference * gamma);
    }

    private static void ValidateSorted(ReadOnlySpan<double> sortedValues, string paramName)
    {
        if (sortedValues.IsEmpty)
        {
            throw new ArgumentException("The sample is empty.", paramName);
        }

        if (double.IsNaN(sortedValues[0]) || double.IsNaN(sortedValues[^1]))
        {
            throw new ArgumentException("The sorted sample holds NaN; sort it with NaNPolicy.Omit and pass only the non-NaN prefix.", paramName);
        }
    }

    private static void ValidateProbability(double probability, string paramName)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(paramName, probability, "A probability must lie in [0, 1].");
        }
    }
}
