namespace MlSystems.Statistics;

/// <summary>Argument checks shared by the Kolmogorov–Smirnov distribution entry points.</summary>
internal static class KsArguments
{
    public static void SampleSize(int n, string paramName)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, n, "The sample size must be at least 1.");
        }
    }

    public static void Statistic(double d, string paramName)
    {
        if (!(d >= 0.0 && d <= 1.0))
        {
            throw new ArgumentOutOfRangeException(paramName, d, "The statistic must be a number in [0, 1].");
        }
    }

    public static void Probability(double p, string paramName)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new ArgumentOutOfRangeException(paramName, p, "The probability must be a number in [0, 1].");
        }
    }

    public static void NotNaN(double x, string paramName)
    {
        if (double.IsNaN(x))
        {
            throw new ArgumentOutOfRangeException(paramName, x, "The value must not be NaN.");
        }
    }

    public static void Alternative(KsAlternative alternative, string paramName)
    {
        if (alternative is not (KsAlternative.TwoSided or KsAlternative.Less or KsAlternative.Greater))
        {
            throw new ArgumentOutOfRangeException(paramName, alternative, "Unknown KS alternative.");
        }
    }
}
