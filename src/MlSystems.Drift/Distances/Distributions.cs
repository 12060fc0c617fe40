using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>Shared steps of the distribution distances: weight validation and Evidently-style binning of numeric samples.</summary>
internal static class Distributions
{
    public static double Total(ReadOnlySpan<double> weights, string paramName)
    {
        double total = 0;
        foreach (double w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w))
            {
                throw new ArgumentException($"Weights must be finite and non-negative; found {w}.", paramName);
            }

            total += w;
        }

        return total > 0 ? total : throw new ArgumentException("The weights are all zero.", paramName);
    }

    public static HistogramPair Bin(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, NaNPolicy nanPolicy)
    {
        ReadOnlySpan<double> r = SampleGuard.Finite(reference, nameof(reference), nanPolicy, out double[]? rentedReference);
        ReadOnlySpan<double> c = SampleGuard.Finite(current, nameof(current), nanPolicy, out double[]? rentedCurrent);
        try
        {
            return HistogramPair.Build(r, c, PsiBinning.Evidently, PsiOptions.DefaultBinCount, null);
        }
        finally
        {
            SampleGuard.Return(rentedReference);
            SampleGuard.Return(rentedCurrent);
        }
    }
}
