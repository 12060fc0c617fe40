using MathNet.Numerics.Distributions;

namespace MlSystems.Statistics;

/// <summary>Draws from the beta distribution, through Math.NET.</summary>
public static class BetaDistribution
{
    /// <summary>A draw from Beta(<paramref name="alpha"/>, <paramref name="beta"/>), from <paramref name="random"/>.</summary>
    /// <remarks>Math.NET's sampler: the same seed gives the same draws as <c>MathNet.Numerics.Distributions.Beta.Sample</c>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A shape is not positive and finite.</exception>
    public static double Sample(Random random, double alpha, double beta)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(alpha > 0) || double.IsInfinity(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "A shape must be positive and finite.");
        }

        if (!(beta > 0) || double.IsInfinity(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "A shape must be positive and finite.");
        }

        return Beta.Sample(random, alpha, beta);
    }
}
