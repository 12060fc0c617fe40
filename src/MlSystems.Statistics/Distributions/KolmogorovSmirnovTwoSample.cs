using System.Buffers;

namespace MlSystems.Statistics;

/// <summary>
/// The null distribution of the two-sample Kolmogorov–Smirnov statistic, computed the way
/// scipy 1.10's <c>scipy.stats.ks_2samp</c> computes its p-values: exactly, by counting lattice
/// paths (Hodges; Viehmann's stable recursion for the two-sided case), or asymptotically.
/// </summary>
/// <remarks>
/// <para>
/// Both methods are symmetric in the two sample sizes. scipy's <c>method="auto"</c> uses the exact
/// method when both sizes are at most 10,000 and falls back to the asymptotic one when the exact
/// computation fails; note that the fallback is then evaluated at the statistic rounded to the
/// lattice, round(d·lcm(n₁, n₂))/lcm(n₁, n₂), not at the statistic passed in.
/// </para>
/// <para>
/// The exact p-values agree with scipy's bit for bit in the reference tests. The two-sided exact
/// computation for unequal sizes costs up to O(n₁·n₂) operations, reached for large d, as in scipy.
/// </para>
/// <para>
/// The members are pure functions, safe to call concurrently; work buffers come from the stack or
/// from <see cref="ArrayPool{T}.Shared"/>.
/// </para>
/// </remarks>
public static class KolmogorovSmirnovTwoSample
{
    private const int MaxFiniteBoundaryPoints = 1024;

    /// <summary>
    /// The exact p-value of the two-sample statistic, as scipy's <c>ks_2samp(method="exact")</c>
    /// computes it, throwing where scipy would give up and switch to the asymptotic method.
    /// </summary>
    /// <param name="n1">The size of the first sample, at least 1.</param>
    /// <param name="n2">The size of the second sample, at least 1.</param>
    /// <param name="d">The observed statistic, in [0, 1]; see <see cref="TryExactPValue"/>.</param>
    /// <param name="alternative">Which statistic <paramref name="d"/> is.</param>
    /// <returns>P(statistic ≥ d) under the null hypothesis, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A size is less than 1, <paramref name="d"/> is NaN or outside [0, 1], or <paramref name="alternative"/>
    /// is not a defined value.
    /// </exception>
    /// <exception cref="ArithmeticException">
    /// The exact computation overflows or leaves [0, 1] in double precision (scipy's
    /// "Exact calculation unsuccessful"), or lcm(n₁, n₂) is too large for it.
    /// </exception>
    public static double ExactPValue(int n1, int n2, double d, KsAlternative alternative)
    {
        if (!TryExactPValue(n1, n2, d, alternative, out double pValue))
        {
            throw new ArithmeticException(
                $"The exact two-sample Kolmogorov-Smirnov p-value for sizes {n1} and {n2} cannot be computed in double precision; use AsymptoticPValue.");
        }

        return pValue;
    }

    /// <summary>
    /// Attempts the exact p-value of the two-sample statistic, as scipy's
    /// <c>_attempt_exact_2kssamp</c> does.
    /// </summary>
    /// <param name="n1">The size of the first sample, at least 1.</param>
    /// <param name="n2">The size of the second sample, at least 1.</param>
    /// <param name="d">
    /// The observed statistic, in [0, 1]. Like scipy, the computation first rounds it to the nearest
    /// attainable value h/lcm(n₁, n₂), with h = round(d·lcm) and ties going to the even h.
    /// </param>
    /// <param name="alternative">
    /// Which statistic <paramref name="d"/> is; <see cref="KsAlternative.Less"/> and <see cref="KsAlternative.Greater"/>
    /// give the same result.
    /// </param>
    /// <param name="pValue">
    /// P(statistic ≥ d) under the null hypothesis, in [0, 1], when the method returns true; NaN otherwise.
    /// </param>
    /// <returns>
    /// False where scipy's exact computation fails and scipy falls back to the asymptotic method:
    /// a floating-point overflow or invalid operation while counting paths, a result outside [0, 1]
    /// (which happens through rounding for large equal sizes and small d), or
    /// (n₁/g)·(n₂/g) ≥ 2³¹ - 1 with g = gcd(n₁, n₂).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A size is less than 1, <paramref name="d"/> is NaN or outside [0, 1], or <paramref name="alternative"/>
    /// is not a defined value.
    /// </exception>
    public static bool TryExactPValue(int n1, int n2, double d, KsAlternative alternative, out double pValue)
    {
        KsArguments.SampleSize(n1, nameof(n1));
        KsArguments.SampleSize(n2, nameof(n2));
        KsArguments.Statistic(d, nameof(d));
        KsArguments.Alternative(alternative, nameof(alternative));

        pValue = double.NaN;
        long g = GreatestCommonDivisor(n1, n2);
        long n1g = n1 / g;
        long n2g = n2 / g;

        // scipy's explicit exact mode switches to the asymptotic one when lcm/g overflows int32.
        if (n1g >= int.MaxValue / (double)n2g)
        {
            return false;
        }

        long lcm = n1g * n2;
        long h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        if (h == 0)
        {
            pValue = 1.0;
            return true;
        }

        double prob;
        if (alternative == KsAlternative.TwoSided)
        {
            prob = n1 == n2 ? ProbabilityOutsideSquare(n1, h) : ProbabilityOutsideBand(n1, n2, g, h);
        }
        else if (n1 == n2)
        {
            // C(2n, n-h)/C(2n, n) as a product, which rounds better than the ratio of binomials.
            prob = 1.0;
            for (long j = 0; j < h; j++)
            {
                prob *= (n1 - j) / (n1 + j + 1.0);
            }
        }
        else
        {
            double paths = CountPathsOutside(n1, n2, g, h);
            double all = CephesBinomial.Binomial((double)n1 + n2, n1);
            if (!double.IsFinite(paths) || paths > all || double.IsInfinity(all))
            {
                return false;
            }

            prob = paths / all;
        }

        if (!(prob >= 0 && prob <= 1))
        {
            return false;
        }

        pValue = prob;
        return true;
    }

    /// <summary>
    /// The asymptotic p-value of the two-sample statistic, exactly as scipy's
    /// <c>ks_2samp(method="asymp")</c> computes it.
    /// </summary>
    /// <param name="n1">The size of the first sample, at least 1.</param>
    /// <param name="n2">The size of the second sample, at least 1.</param>
    /// <param name="d">The observed statistic, in [0, 1]; it is used as given, without lattice rounding.</param>
    /// <param name="alternative">
    /// Which statistic <paramref name="d"/> is; <see cref="KsAlternative.Less"/> and <see cref="KsAlternative.Greater"/>
    /// give the same result.
    /// </param>
    /// <returns>
    /// Two-sided: P(D_N ≥ d) from the finite one-sample distribution (see
    /// <see cref="KolmogorovDistribution.OneSampleTwoSidedSf"/>) with N = n₁n₂/(n₁+n₂) rounded half to
    /// even. That N is 0 only for n₁ = n₂ = 1, where scipy's result, and so this one, is NaN.
    /// One-sided: Hodges' approximation exp(-2z² - 2z(m+2n)/(3√(mn(m+n)))) with z = d·√(mn/(m+n)) and
    /// m ≥ n the larger and smaller size. Otherwise a probability in [0, 1].
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A size is less than 1, <paramref name="d"/> is NaN or outside [0, 1], or <paramref name="alternative"/>
    /// is not a defined value.
    /// </exception>
    public static double AsymptoticPValue(int n1, int n2, double d, KsAlternative alternative)
    {
        KsArguments.SampleSize(n1, nameof(n1));
        KsArguments.SampleSize(n2, nameof(n2));
        KsArguments.Statistic(d, nameof(d));
        KsArguments.Alternative(alternative, nameof(alternative));

        double m = Math.Max(n1, n2);
        double n = Math.Min(n1, n2);
        double en = m * n / (m + n);
        if (alternative == KsAlternative.TwoSided)
        {
            double effective = Math.Round(en, MidpointRounding.ToEven);
            return effective < 1 ? double.NaN : FiniteKolmogorov.Evaluate((int)effective, d, cdf: false);
        }

        double z = Math.Sqrt(en) * d;
        double exponent = (-2 * Math.Pow(z, 2)) - (2 * z * (m + (2 * n)) / Math.Sqrt(m * n * (m + n)) / 3.0);
        return Math.Clamp(Math.Exp(exponent), 0.0, 1.0);
    }

    /// <summary>
    /// P(D_{n,n} ≥ h/n): the share of lattice paths leaving the band |x - y| &lt; h, by the reflection
    /// series 2(C(2n,n-h) - C(2n,n-2h) + ...)/C(2n,n) evaluated in nested (Horner-like) form.
    /// </summary>
    private static double ProbabilityOutsideSquare(long n, long h)
    {
        double p = 0.0;
        for (long k = (long)Math.Floor(n / (double)h); k >= 0; k--)
        {
            double p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - (k * h) - j) * p1 / (n + (k * h) + j + 1);
            }

            p = p1 * (1.0 - p);
        }

        return 2 * p;
    }

    /// <summary>
    /// The share of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| &lt; h/lcm,
    /// computed column by column as 1 - (share inside) with Viehmann's recursion, which keeps every
    /// value in [0, 1].
    /// </summary>
    private static double ProbabilityOutsideBand(long m, long n, long g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        long mg = m / g;
        long ng = n / g;
        long minJ = 0;
        long maxJ = Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        long currentLength = maxJ - minJ;
        int length = (int)Math.Min((2 * maxJ) + 2, n + 1);

        double[]? rented = null;
        Span<double> a = length <= 1024 ? stackalloc double[1024] : (rented = ArrayPool<double>.Shared.Rent(length));
        try
        {
            a = a[..length];
            a.Fill(1.0);
            a[(int)minJ..(int)maxJ].Clear();
            for (long i = 1; i <= m; i++)
            {
                long lastMinJ = minJ;
                long lastLength = currentLength;
                minJ = Math.Max((long)Math.Floor(((ng * i) - h) / (double)mg) + 1, 0);
                minJ = Math.Min(minJ, n);
                maxJ = Math.Min((long)Math.Ceiling(((ng * i) + h) / (double)mg), n + 1);
                if (maxJ <= minJ)
                {
                    return 1.0;
                }

                double val = minJ == 0 ? 0.0 : 1.0;
                for (long jj = 0; jj < maxJ - minJ; jj++)
                {
                    long j = jj + minJ;
                    val = ((a[(int)(jj + minJ - lastMinJ)] * i) + (val * j)) / (i + j);
                    a[(int)jj] = val;
                }

                currentLength = maxJ - minJ;
                if (lastLength > currentLength)
                {
                    int from = (int)(maxJ - minJ);
                    int to = (int)Math.Min(from + (lastLength - currentLength), length);
                    a[from..to].Fill(1.0);
                }
            }

            return a[(int)(maxJ - minJ - 1)];
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The number of lattice paths from (0,0) to (m,n) that reach the line m·y = n·x - h·g
    /// (Hodges' outside method): B_j counts the paths first touching the boundary at its j-th
    /// lattice point, and each is extended to (m, n) in all possible ways. Returns a non-finite
    /// value as soon as the counts overflow, where scipy raises a floating-point error.
    /// </summary>
    private static double CountPathsOutside(long m, long n, long g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        long mg = m / g;
        long ng = n / g;

        // Only the x where n·x/m + h/mg crosses an integer matter: one boundary point per height j.
        long count = n + FloorDivide(mg - h, mg);

        // The j-th boundary point has x ≥ j, so B_j involves C(x+j, j) ≥ C(2j, j), which exceeds the
        // double range from j = 515 on; the counting stops at the first overflow, long before this bound.
        Span<double> b = stackalloc double[MaxFiniteBoundaryPoints];
        b[0] = 1;
        for (int j = 1; j < count; j++)
        {
            long xj = BoundaryX(j, mg, ng, h);
            double bj = CephesBinomial.Binomial(xj + j, j);
            for (int i = 0; i < j; i++)
            {
                double ways = CephesBinomial.Binomial(xj - BoundaryX(i, mg, ng, h) + j - i, j - i);
                bj -= ways * b[i];
            }

            if (!double.IsFinite(bj))
            {
                return bj;
            }

            b[j] = bj;
        }

        double paths = 0;
        for (int j = 0; j < count; j++)
        {
            double extensions = CephesBinomial.Binomial(m - BoundaryX(j, mg, ng, h) + (n - j), n - j);
            paths += b[j] * extensions;
        }

        return paths;
    }

    private static long BoundaryX(long j, long mg, long ng, long h) => (h + (mg * j) + ng - 1) / ng;

    private static long FloorDivide(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static long GreatestCommonDivisor(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
