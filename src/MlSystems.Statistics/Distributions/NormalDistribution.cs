using MathNet.Numerics;

namespace MlSystems.Statistics;

/// <summary>The standard normal distribution's tails, through Math.NET's complementary error function.</summary>
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

    /// <summary>The two-sided p-value P(|Z| ≥ |<paramref name="z"/>|).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="z"/> is NaN.</exception>
    public static double TwoSidedPValue(double z) => Math.Min(1.0, 2 * Survival(Math.Abs(z)));
}
