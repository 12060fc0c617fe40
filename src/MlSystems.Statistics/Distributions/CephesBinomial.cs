namespace MlSystems.Statistics;

/// <summary>
/// Binomial coefficients as scipy.special.binom computes them for integer arguments: a product
/// formula when the smaller of k and n-k is below 20, otherwise 1/((n+1)·B(n-k+1, k+1)) with the
/// cephes beta and gamma functions. The two-sample path counts subtract such coefficients from
/// each other, so reproducing scipy's rounding (not merely an accurate value) is what keeps our
/// p-values, and scipy's overflow behaviour, in step with scipy's.
/// </summary>
internal static class CephesBinomial
{
    private const double MaxGamma = 171.624376956302725;
    private const double MaxStirling = 143.01608;
    private const double SqrtTwoPi = 2.50662827463100050242E0;
    private const double LogSqrtTwoPi = 0.91893853320467274178;
    private const double MaxLog = 7.09782712893383996732E2;
    private const double AsymptoticFactor = 1e6;

    // Stirling's series for Γ(x), valid for 33 ≤ x ≤ 172.
    private static ReadOnlySpan<double> Stirling =>
    [
        7.87311395793093628397E-4,
        -2.29549961613378126380E-4,
        -2.68132617805781232825E-3,
        3.47222221605458667310E-3,
        8.33333333333482257126E-2,
    ];

    // Stirling's series for log Γ(x), x ≥ 13.
    private static ReadOnlySpan<double> LogStirling =>
    [
        8.11614167470508450300E-4,
        -5.95061904284301438324E-4,
        7.93650340457716943945E-4,
        -2.77777777730099687205E-3,
        8.33333333333331927722E-2,
    ];

    /// <summary>
    /// C(n, k) for integers 0 ≤ k ≤ n &lt; 2^33. (scipy's other branches, for non-integer, negative or
    /// n ≥ 10^10·k arguments, cannot be reached from here.)
    /// </summary>
    public static double Binomial(double n, double k)
    {
        double kx = k;
        if (kx > n / 2 && n > 0)
        {
            kx = n - kx;
        }

        if (kx < 20)
        {
            double num = 1.0;
            double den = 1.0;
            for (int i = 1; i < 1 + (int)kx; i++)
            {
                num *= i + n - kx;
                den *= i;
                if (Math.Abs(num) > 1e50)
                {
                    num /= den;
                    den = 1.0;
                }
            }

            return num / den;
        }

        return 1 / (n + 1) / Beta(1 + n - k, 1 + k);
    }

    /// <summary>B(a, b) for a, b ≥ 21 (so every log-gamma below uses its Stirling branch).</summary>
    private static double Beta(double a, double b)
    {
        if (a < b)
        {
            (a, b) = (b, a);
        }

        if (a > AsymptoticFactor * b && a > AsymptoticFactor)
        {
            // Avoids the cancellation in log Γ(a+b) - log Γ(a).
            double r = LogGamma(b);
            r -= b * Math.Log(a);
            r += b * (1 - b) / (2 * a);
            r += b * (1 - b) * (1 - (2 * b)) / (12 * a * a);
            r += -b * b * (1 - b) * (1 - b) / (12 * a * a * a);
            return Math.Exp(r);
        }

        double y = a + b;
        if (y > MaxGamma || a > MaxGamma || b > MaxGamma)
        {
            y = LogGamma(y);
            y = LogGamma(b) - y;
            y = LogGamma(a) + y;
            return y > MaxLog ? double.PositiveInfinity : Math.Exp(y);
        }

        y = Gamma(y);
        a = Gamma(a);
        b = Gamma(b);
        if (y == 0.0)
        {
            return double.PositiveInfinity;
        }

        if (Math.Abs(Math.Abs(a) - Math.Abs(y)) > Math.Abs(Math.Abs(b) - Math.Abs(y)))
        {
            y = b / y;
            y *= a;
        }
        else
        {
            y = a / y;
            y *= b;
        }

        return y;
    }

    /// <summary>Γ(x) for 3 ≤ x ≤ MaxGamma: downward recurrence to [2, 3] below 33, Stirling above.</summary>
    private static double Gamma(double x)
    {
        if (x > 33.0)
        {
            return StirlingGamma(x);
        }

        // Every argument here is an integer, so the recurrence ends exactly at 2 where Γ = 1.
        double z = 1.0;
        while (x >= 3.0)
        {
            x -= 1.0;
            z *= x;
        }

        return z;
    }

    private static double StirlingGamma(double x)
    {
        if (x >= MaxGamma)
        {
            return double.PositiveInfinity;
        }

        double w = 1.0 / x;
        w = 1.0 + (w * Polynomial(w, Stirling));
        double y = Math.Exp(x);
        if (x > MaxStirling)
        {
            // x^(x-1/2) alone would overflow.
            double v = Math.Pow(x, (0.5 * x) - 0.25);
            y = v * (v / y);
        }
        else
        {
            y = Math.Pow(x, x - 0.5) / y;
        }

        return SqrtTwoPi * y * w;
    }

    /// <summary>log Γ(x) for x ≥ 13 by Stirling's series.</summary>
    private static double LogGamma(double x)
    {
        double q = ((x - 0.5) * Math.Log(x)) - x + LogSqrtTwoPi;
        if (x > 1.0e8)
        {
            return q;
        }

        double p = 1.0 / (x * x);
        if (x >= 1000.0)
        {
            q += ((((7.9365079365079365079365e-4 * p) - 2.7777777777777777777778e-3) * p) + 0.0833333333333333333333) / x;
        }
        else
        {
            q += Polynomial(p, LogStirling) / x;
        }

        return q;
    }

    /// <summary>cephes polevl: Horner's rule with the highest coefficient first.</summary>
    private static double Polynomial(double x, ReadOnlySpan<double> coefficients)
    {
        double result = coefficients[0];
        for (int i = 1; i < coefficients.Length; i++)
        {
            result = (result * x) + coefficients[i];
        }

        return result;
    }
}
