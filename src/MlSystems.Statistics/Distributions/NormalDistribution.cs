using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace MlSystems.Statistics;

/// <summary>The standard normal distribution's tails and quantiles, through Math.NET's error functions.</summary>
public static class NormalDistribution
{
    private static readonly double InverseSqrt2 = 1 / Math.Sqrt(2);

    /// <summary>P(Z ≥ <paramref name="z"/>) for a standard normal Z, as scipy.stats.norm.sf; accurate deep into the tail.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="z"/> is NaN.</exception>
    public static double Survival(double z)
    {
        if (double.IsNaN(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "z is NaN.");
        }

        return 0.5 * SpecialFunctions.Erfc(z * InverseSqrt2);
    }

    /// <summary>P(Z ≤ <paramref name="z"/>) for a standard normal Z, as scipy.stats.norm.cdf.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="z"/> is NaN.</exception>
    public static double Cdf(double z) => Survival(-z);

    /// <summary>The z with P(Z ≤ z) = <paramref name="p"/>, as scipy.stats.norm.ppf: −∞ at 0, +∞ at 1.</summary>
    /// <remarks>Through Math.NET's inverse error function: within a few units in the last place of scipy's in (1e-300, 1 − 1e-16).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is NaN or outside [0, 1].</exception>
    public static double Quantile(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must lie in [0, 1].");
        }

        return Normal.InvCDF(0, 1, p);
    }

    /// <summary>A draw from the normal distribution with mean <paramref name="mean"/> and standard deviation <paramref name="standardDeviation"/>, from <paramref name="random"/>.</summary>
    /// <remarks>Math.NET's sampler: the same seed gives the same draws as <c>MathNet.Numerics.Distributions.Normal.Sample</c>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The mean is not finite, or the standard deviation is negative or not finite.</exception>
    public static double Sample(Random random, double mean, double standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!double.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        }

        if (!(standardDeviation >= 0) || double.IsInfinity(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be non-negative and finite.");
        }

        return Normal.Sample(random, mean, standardDeviation);
    }

    /// <summary>The two-sided p-value P(|Z| ≥ |<paramref name="z"/>|).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="z"/> is NaN.</exception>
    public static double TwoSidedPValue(double z) => Math.Min(1.0, 2 * Survival(Math.Abs(z)));
}
