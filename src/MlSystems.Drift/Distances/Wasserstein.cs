using System.Runtime.CompilerServices;
using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>
/// The first Wasserstein (earth mover's) distance ∫|F_ref − F_cur| dx between two numeric samples
/// (scipy.stats.wasserstein_distance), raw and normalised by the reference standard deviation (Evidently's
/// "Wasserstein distance (normed)").
/// </summary>
/// <remarks>
/// The raw distance is in the feature's units; the normalised one — raw / σ_ref with the population standard deviation
/// — is comparable across features and is the statistic the decision uses. A constant reference has σ = 0: the
/// normalised distance is then 0 when the current sample is the same constant and +∞ otherwise.
/// </remarks>
public static class Wasserstein
{
    /// <summary>The default threshold on the normalised distance, 0.1 (a tenth of a reference standard deviation).</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The raw first Wasserstein distance between two samples.</summary>
    /// <exception cref="ArgumentException">A sample is empty or holds NaN or ±∞.</exception>
    public static double Distance(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        ReadOnlySpan<double> r = SampleGuard.Finite(reference, nameof(reference), NaNPolicy.Reject, out _);
        ReadOnlySpan<double> c = SampleGuard.Finite(current, nameof(current), NaNPolicy.Reject, out _);
        ReadOnlySpan<double> a = SampleGuard.SortedCopy(r, out double[] rentedA);
        ReadOnlySpan<double> b = SampleGuard.SortedCopy(c, out double[] rentedB);
        try
        {
            return SortedDistance(a, b);
        }
        finally
        {
            SampleGuard.Return(rentedA);
            SampleGuard.Return(rentedB);
        }
    }

    /// <summary>The Wasserstein drift test: raw and normalised distance, decided on the normalised one.</summary>
    /// <param name="reference">The reference sample; finite values.</param>
    /// <param name="current">The current sample; finite values.</param>
    /// <param name="threshold">Normalised distance at or above which the result reports drift; default 0.1.</param>
    /// <param name="nanPolicy">What to do with NaN; rejected by default.</param>
    /// <returns>Statistic and effect size are the normalised distance; <c>raw</c> and <c>referenceStdDev</c> are in the details.</returns>
    /// <exception cref="ArgumentException">A sample is empty or holds ±∞, or NaN under <see cref="NaNPolicy.Reject"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not positive and finite.</exception>
    public static DriftTestResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DefaultThreshold, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        DriftArguments.ValidateThreshold(threshold);
        if (SampleGuard.Propagates(reference, nanPolicy) || SampleGuard.Propagates(current, nanPolicy))
        {
            return DriftTestResults.NotANumber(DriftTestNames.Wasserstein, reference.Length, current.Length, threshold);
        }

        ReadOnlySpan<double> r = SampleGuard.Finite(reference, nameof(reference), nanPolicy, out double[]? rentedReference);
        ReadOnlySpan<double> c = SampleGuard.Finite(current, nameof(current), nanPolicy, out double[]? rentedCurrent);
        ReadOnlySpan<double> a = SampleGuard.SortedCopy(r, out double[] rentedA);
        ReadOnlySpan<double> b = SampleGuard.SortedCopy(c, out double[] rentedB);
        try
        {
            double raw = SortedDistance(a, b);
            double sigma = Math.Sqrt(SpanStatistics.MeanVariance(r).PopulationVariance);
            double normalised = sigma > 0 ? raw / sigma : raw == 0 ? 0 : double.PositiveInfinity;
            return new DriftTestResult
            {
                TestName = DriftTestNames.Wasserstein,
                Statistic = normalised,
                EffectSize = normalised,
                ReferenceCount = r.Length,
                CurrentCount = c.Length,
                Threshold = threshold,
                Details = new Dictionary<string, double> { ["raw"] = raw, ["referenceStdDev"] = sigma },
            };
        }
        finally
        {
            SampleGuard.Return(rentedA);
            SampleGuard.Return(rentedB);
            SampleGuard.Return(rentedReference);
            SampleGuard.Return(rentedCurrent);
        }
    }

    /// <summary>∫|F_a − F_b| over the merged order of two ascending samples.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double SortedDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length;
        int i = 0, j = 0;
        double previous = Math.Min(a[0], b[0]);
        double sum = 0;
        while (i < n1 || j < n2)
        {
            double x = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            sum += Math.Abs(((double)i / n1) - ((double)j / n2)) * (x - previous);
            while (i < n1 && a[i] == x)
            {
                i++;
            }

            while (j < n2 && b[j] == x)
            {
                j++;
            }

            previous = x;
        }

        return sum;
    }
}
