using MathNet.Numerics;
using MathNet.Numerics.Integration;

namespace MlSystems.Statistics;

/// <summary>
/// The exact one-sided Kolmogorov–Smirnov (Smirnov) survival function P(D⁺ₙ ≥ d), computed as
/// scipy.special.smirnov does (cephes kolmogorov.c after van Mulbregt's rewrite): the
/// Smirnov/Birnbaum–Tingey sum accumulated in double-double arithmetic, with closed forms near
/// the ends of [0, 1] and Miller's approximation for very large n.
/// </summary>
internal static class SmirnovDistribution
{
    // Above this n the sum has too many terms and Miller's approximation is used instead.
    private const int MaxComputeN = 1_000_000;

    // The alternating "upper" sum loses about 1.6 bits per term, so it is only used with few terms.
    private const int UpperSumMaxTerms = 3;
    private const int UpperSumMinN = 10;

    // cephes MINLOG, log(2^-1075): the survival function underflows below e^MinLog.
    private const double MinLog = -7.451332191019412076235E2;

    // Powers are split so that no partial product drops below 2^-960, which keeps both halves of
    // a double-double normalised.
    private const int MaxExponent = 960;

    private const double DblEpsilon = 2.220446049250313e-16;

    private const double Ln2 = 0.693147180559945309417;

    // Above this many terms the sum is integrated instead of walked (see IntegrateTerms).
    private const int IntegralMinTerms = 4096;
    private const double IntegralMinWidth = 10;
    private const double IntegralEndCutoff = -80;

    /// <summary>P(D⁺ₙ ≥ d) for n ≥ 1 and 0 ≤ d ≤ 1 (the caller validates both).</summary>
    public static double Sf(int n, double d)
    {
        if (n == 1)
        {
            return 1 - d;
        }

        if (d == 0.0)
        {
            return 1.0;
        }

        if (d == 1.0)
        {
            return 0.0;
        }

        double alpha = FractionOfND(n, d, out int nxFloor);
        int n1mxFloor = n - nxFloor - (alpha == 0 ? 0 : 1);
        int n1mxCeil = n - nxFloor;

        // When n·d is an integer the boundary term of either sum is zero and is left out.
        if (alpha == 0)
        {
            n1mxFloor--;
            n1mxCeil++;
        }

        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0))
        {
            // d ≤ 1/n: the CDF is d·(1+d)^(n-1).
            return 1 - (d * PowOf(DoubleDouble.Sum(1, d), n - 1).Hi);
        }

        if (-2 * n * d * d < MinLog)
        {
            return 0.0;
        }

        if (nxFloor >= n - 1)
        {
            // d ≥ 1 - 1/n: only the first term of the sum is non-zero.
            return PowOf(DoubleDouble.Sum(1, -d), n).Hi;
        }

        if (n > MaxComputeN)
        {
            double logp = -Math.Pow((6.0 * n * d) + 1, 2) / 18.0 / n;
            return logp < -Ln2 ? Math.Exp(logp) : 1 - (-ExpM1(logp));
        }

        return Math.Clamp(SumTerms(n, d, n1mxFloor, n1mxCeil), 0.0, 1.0);
    }

    private static double SumTerms(int n, double d, int n1mxFloor, int n1mxCeil)
    {
        int nUpperTerms = n - n1mxCeil + 1;
        bool useUpperSum = (nUpperTerms <= 1 && d < 0.5)
            || (n >= UpperSumMinN && nUpperTerms <= UpperSumMaxTerms && d <= 0.5 / Math.Sqrt(n));

        int start = 0;
        int step = 1;
        int nTerms = n1mxFloor + 1;
        int vMid = n / 2;
        DoubleDouble binomialMantissa = DoubleDouble.One;
        int binomialExponent = 0;
        DoubleDouble term;

        if (useUpperSum)
        {
            // Sum over v = n, n-1, ... of the complementary series, which gives the CDF.
            start = n;
            step = -1;
            nTerms = nUpperTerms;
            term = PowOf(DoubleDouble.Sum(1, d), n - 1);
        }
        else
        {
            term = DoubleDouble.Divide(PowOf(DoubleDouble.Sum(1, -d), n), d);
        }

        if (!useUpperSum && nTerms > IntegralMinTerms)
        {
            double integral = IntegrateTerms(n, d, nTerms);
            if (!double.IsNaN(integral))
            {
                return integral;
            }
        }

        DoubleDouble sum = DoubleDouble.Add(DoubleDouble.Zero, term);
        UpdateBinomial(ref binomialMantissa, ref binomialExponent, n, 0);

        for (int j = 1; j < nTerms; j++)
        {
            int v = start + (j * step);
            term = Term(n, d, v, binomialMantissa, binomialExponent);
            if (term.IsFinite && !term.IsZero)
            {
                sum = DoubleDouble.Add(sum, term);
            }

            if (!term.IsZero)
            {
                // The terms decrease from here on; stop once the rest cannot change the sum.
                if ((4 * (nTerms - j) * Math.Abs(term.Hi) < DblEpsilon * sum.Hi) && j != nTerms - 1)
                {
                    break;
                }
            }
            else if (j > vMid)
            {
                break;
            }

            UpdateBinomial(ref binomialMantissa, ref binomialExponent, n, j);
        }

        double prob = DoubleDouble.Multiply(sum, d).Hi;
        return step < 0 ? 1 - prob : prob;
    }

    /// <summary>
    /// The Smirnov sum for large n as the integral of its terms over a continuous v, or NaN when that is not exact.
    /// </summary>
    /// <remarks>
    /// <para>For large n the terms form a smooth bell over hundreds of thousands of v (n = 500 000, d = 0.004: the
    /// peak near v = 250 000, and terms within 1e-20 of it over most of the range), so cephes' term-by-term walk costs
    /// a fifth of a second. Written with log-gamma, the v-th term is an analytic function f(v), and by the Poisson
    /// summation formula Σ f(v) over the integers equals ∫ f(v) dv up to terms of order exp(−2π²σ²), σ the bell's
    /// width — nothing in double precision once σ ≥ 10 — provided f is negligible at both ends of the range. The
    /// integral is taken by adaptive Gauss–Kronrod quadrature to 1e-12 relative error, a few hundred evaluations.</para>
    /// <para>Log-gamma's absolute error (about 1e-15 of ln n!) makes each term's relative error about 1e-8 at
    /// n = 10⁶, inside the 1e-7 the results are checked to against scipy. When the bell is narrow or cut off by a
    /// bound, NaN tells the caller to sum the terms instead.</para>
    /// </remarks>
    private static double IntegrateTerms(int n, double d, int nTerms)
    {
        double lnNFactorial = SpecialFunctions.GammaLn(n + 1.0);
        double LogTerm(double v) => lnNFactorial - SpecialFunctions.GammaLn(v + 1.0) - SpecialFunctions.GammaLn(n - v + 1.0)
            + ((n - v) * Math.Log(((n - v) / n) - d)) + ((v - 1) * Math.Log((v / n) + d));

        double lower = 1, upper = nTerms - 1;
        double lo = lower, hi = upper;
        for (int k = 0; k < 200 && hi - lo > 1e-3; k++)
        {
            double m1 = lo + ((hi - lo) / 3), m2 = hi - ((hi - lo) / 3);
            (lo, hi) = LogTerm(m1) < LogTerm(m2) ? (m1, hi) : (lo, m2);
        }

        double peak = (lo + hi) / 2, logPeak = LogTerm(peak);
        double h = Math.Max(1, 1e-3 * peak);
        double curvature = (LogTerm(peak + h) - (2 * logPeak) + LogTerm(peak - h)) / (h * h);
        double sigma = curvature < 0 ? 1 / Math.Sqrt(-curvature) : 0;
        bool endsNegligible = LogTerm(lower) - logPeak < IntegralEndCutoff && LogTerm(upper) - logPeak < IntegralEndCutoff;
        if (!(sigma >= IntegralMinWidth) || !endsNegligible)
        {
            return double.NaN;
        }

        // Outward in doubling steps to where the bell is below e^-80 of its peak (log-concave: it stays below).
        double a = peak, b = peak;
        for (double step = sigma; a > lower && LogTerm(a) - logPeak > IntegralEndCutoff; step *= 2)
        {
            a = Math.Max(lower, peak - step);
        }

        for (double step = sigma; b < upper && LogTerm(b) - logPeak > IntegralEndCutoff; step *= 2)
        {
            b = Math.Min(upper, peak + step);
        }

        // Fixed 16-point Gauss–Legendre panels half a width wide: the integrand is smooth on that scale, and a fixed
        // rule does not chase the log-gamma rounding noise the way an adaptive one would.
        int panels = (int)Math.Ceiling((b - a) / (sigma / 2));
        double width = (b - a) / panels, integral = 0;
        for (int k = 0; k < panels; k++)
        {
            integral += GaussLegendreRule.Integrate(v => Math.Exp(LogTerm(v) - logPeak), a + (k * width), a + ((k + 1) * width), 16);
        }

        return Math.Clamp(Math.Exp(logPeak + Math.Log(integral)) * d, 0.0, 1.0);
    }

    /// <summary>
    /// The v-th term C(n,v)·(1-d-v/n)^(n-v)·(d+v/n)^(v-1), with the binomial coefficient held as a
    /// mantissa and a separate binary exponent because it overflows a double for large n.
    /// </summary>
    private static DoubleDouble Term(int n, double d, int v, DoubleDouble binomialMantissa, int binomialExponent)
    {
        DoubleDouble right = DoubleDouble.Subtract(DoubleDouble.Quotient(n - v, n), d);
        DoubleDouble rightPower = ScaledPowOf(right, n - v, out int rightExponent);
        DoubleDouble left = DoubleDouble.Add(DoubleDouble.Quotient(v, n), d);
        DoubleDouble leftPower = ScaledPowOf(left, v - 1, out int leftExponent);
        DoubleDouble product = DoubleDouble.Multiply(DoubleDouble.Multiply(leftPower, rightPower), binomialMantissa);
        return DoubleDouble.ScaleB(product, binomialExponent + leftExponent + rightExponent);
    }

    /// <summary>Moves C(n, j) to C(n, j+1).</summary>
    private static void UpdateBinomial(ref DoubleDouble mantissa, ref int exponent, int n, int j)
    {
        DoubleDouble ratio = DoubleDouble.Quotient(n - j, j + 1.0);
        mantissa = DoubleDouble.Frexp(DoubleDouble.Multiply(mantissa, ratio), out int shift);
        exponent += shift;
    }

    /// <summary>
    /// The fractional part of n·d and its floor, computed exactly in double-double so that values of
    /// d landing on a multiple of 1/n are recognised.
    /// </summary>
    private static double FractionOfND(int n, double d, out int floor)
    {
        DoubleDouble nd = DoubleDouble.Product(n, d);
        DoubleDouble ndFloor = DoubleDouble.Floor(nd);
        double alpha = DoubleDouble.Subtract(nd, ndFloor).Hi;
        floor = (int)ndFloor.Hi;
        if (alpha == 1)
        {
            floor++;
            alpha = 0;
        }

        return alpha;
    }

    /// <summary>a^m for m ≥ 1: the power of the high part, corrected for the low part to first order.</summary>
    private static DoubleDouble PowOf(DoubleDouble a, int m)
    {
        if (a.IsZero)
        {
            return DoubleDouble.Zero;
        }

        double result = Math.Pow(a.Hi, m);
        double r = a.Lo / a.Hi;
        double adjustment = m * r;

        // |r| ≤ 2^-53 and m < 2^31, so |m·r| < 1e-4 and the second Taylor term of (1+r)^m is enough.
        if (Math.Abs(adjustment) > 1e-8)
        {
            adjustment += (m * r) * ((m - 1) / 2.0 * r);
        }

        return DoubleDouble.Sum(result, result * adjustment);
    }

    /// <summary>
    /// a^m for m ≥ 0 as mantissa·2^exponent, splitting the power so intermediate results stay well
    /// inside the double range.
    /// </summary>
    private static DoubleDouble ScaledPowOf(DoubleDouble a, int m, out int exponent)
    {
        if (m == 0)
        {
            exponent = 0;
            return DoubleDouble.One;
        }

        DoubleDouble y = DoubleDouble.Frexp(a, out int yExponent);
        if (m == 1)
        {
            exponent = yExponent;
            return y;
        }

        int maxExponent = MaxExponent;
        if (m * (y.Hi - 1) / y.Hi < -MaxExponent * Ln2)
        {
            double log2y = Math.Log(y.Hi) / Ln2;
            if (m * log2y <= -MaxExponent)
            {
                maxExponent = (int)(NearPowerOf2((-MaxExponent / log2y) + 1) / 2);
            }
        }

        DoubleDouble result;
        if (m <= maxExponent)
        {
            result = DoubleDouble.Frexp(PowOf(y, m), out exponent);
            exponent += m * yExponent;
            return result;
        }

        int q = m / maxExponent;
        int r = m % maxExponent;
        DoubleDouble yToR = ScaledPowOf(y, r, out int yToRExponent);
        DoubleDouble yToMax = ScaledPowOf(y, maxExponent, out int yToMaxExponent);
        DoubleDouble yToMaxQ = ScaledPowOf(yToMax, q, out int yToMaxQExponent);
        result = DoubleDouble.Frexp(DoubleDouble.Multiply(yToR, yToMaxQ), out exponent);
        yToMaxQExponent += yToMaxExponent * q;
        exponent += yToMaxQExponent + yToRExponent;
        exponent += m * yExponent;
        return result;
    }

    /// <summary>
    /// cephes' nextPowerOf2 helper, reproduced as written: it returns x + x·2^-52 (truncated to an
    /// integer when that is exact), which only needs to be a safe chunk length.
    /// </summary>
    private static double NearPowerOf2(double x)
    {
        double q = Math.ScaleB(x, 1 - 53);
        double l = Math.Abs(q + x);
        if (l == 0)
        {
            return Math.Abs(x);
        }

        int li = (int)l;
        return li == l ? li : l;
    }

    /// <summary>e^x - 1 without cancellation (Kahan's method); used only for x in [-ln 2, 0].</summary>
    private static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }
}
