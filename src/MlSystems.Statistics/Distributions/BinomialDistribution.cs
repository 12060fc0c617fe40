using MathNet.Numerics.Distributions;

namespace MlSystems.Statistics;

/// <summary>The binomial distribution's lower tail, through Math.NET.</summary>
public static class BinomialDistribution
{
    /// <summary>P(X ≤ <paramref name="k"/>) for X ~ Binomial(<paramref name="trials"/>, <paramref name="probability"/>), as scipy.stats.binom.cdf.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The trials are negative or above <see cref="int.MaxValue"/>, or the probability is NaN or outside [0, 1].</exception>
    public static double Cdf(long k, long trials, double probability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trials, int.MaxValue);
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability must lie in [0, 1].");
        }

        return k < 0 ? 0 : k >= trials ? 1 : Binomial.CDF(probability, (int)trials, k);
    }
}
