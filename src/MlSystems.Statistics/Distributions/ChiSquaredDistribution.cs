using MathNet.Numerics;

namespace MlSystems.Statistics;

/// <summary>The chi-squared distribution's tails, through Math.NET's regularised incomplete gamma functions.</summary>
/// <remarks>The survival function is computed directly as Q(k/2, x/2), not as 1 − CDF, so tiny p-values keep their digits.</remarks>
public static class ChiSquaredDistribution
{
    /// <summary>P(X ≥ <paramref name="x"/>) for X ~ χ²(<paramref name="degreesOfFreedom"/>), as scipy.stats.chi2.sf.</summary>
    /// <param name="x">The statistic; 1 below or at 0.</param>
    /// <param name="degreesOfFreedom">Positive degrees of freedom.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is NaN, or <paramref name="degreesOfFreedom"/> is not positive and finite.</exception>
    public static double Survival(double x, double degreesOfFreedom)
    {
        Validate(x, degreesOfFreedom);
        return x <= 0 ? 1.0 : x == double.PositiveInfinity ? 0.0 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2, x / 2);
    }

    /// <summary>P(X ≤ <paramref name="x"/>) for X ~ χ²(<paramref name="degreesOfFreedom"/>), as scipy.stats.chi2.cdf.</summary>
    /// <param name="x">The statistic; 0 below or at 0.</param>
    /// <param name="degreesOfFreedom">Positive degrees of freedom.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is NaN, or <paramref name="degreesOfFreedom"/> is not positive and finite.</exception>
    public static double Cdf(double x, double degreesOfFreedom)
    {
        Validate(x, degreesOfFreedom);
        return x <= 0 ? 0.0 : x == double.PositiveInfinity ? 1.0 : SpecialFunctions.GammaLowerRegularized(degreesOfFreedom / 2, x / 2);
    }

    private static void Validate(double x, double degreesOfFreedom)
    {
        if (double.IsNaN(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "The statistic is NaN.");
        }

        if (!(degreesOfFreedom > 0) || double.IsInfinity(degreesOfFreedom))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "Degrees of freedom must be positive and finite.");
        }
    }
}
