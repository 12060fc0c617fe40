using MathNet.Numerics;

namespace MlSystems.Statistics;

/// <summary>The chi-squared distribution's tails and quantiles, through Math.NET's regularised incomplete gamma functions.</summary>
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

    /// <summary>
    /// The <paramref name="p"/>-quantile of χ²(<paramref name="degreesOfFreedom"/>), as scipy.stats.chi2.ppf: the x with
    /// <see cref="Cdf"/>(x) = p, to about 1e-12 relative.
    /// </summary>
    /// <param name="p">The probability, in (0, 1).</param>
    /// <param name="degreesOfFreedom">Positive degrees of freedom.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside (0, 1), or <paramref name="degreesOfFreedom"/> is not positive and finite.</exception>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The probability must be in (0, 1).");
        }

        Validate(0, degreesOfFreedom);

        // Math.NET's inverse stops near 1e-8 relative; Newton steps on the distribution function (accurate to the last
        // digits, through the upper tail above the median) polish it.
        double half = degreesOfFreedom / 2, logNormaliser = SpecialFunctions.GammaLn(half) + (half * Math.Log(2));
        double x = 2 * SpecialFunctions.GammaLowerRegularizedInv(half, p);
        for (int step = 0; step < 4 && x > 0 && double.IsFinite(x); step++)
        {
            double error = p <= 0.5 ? Cdf(x, degreesOfFreedom) - p : (1 - p) - Survival(x, degreesOfFreedom);
            double density = Math.Exp(((half - 1) * Math.Log(x)) - (x / 2) - logNormaliser);
            double next = x - (error / density);
            if (!(next > 0) || next == x)
            {
                break;
            }

            x = next;
        }

        return x;
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
