namespace MlSystems.Statistics;

/// <summary>
/// Kolmogorov's limiting distribution of √n·Dₙ, computed as scipy.special.kolmogorov, kolmogc and
/// kolmogi do (cephes kolmogorov.c): two theta-function series that each need at most four terms on
/// their side of the cut-over, and a bracketed Newton–Raphson inversion.
/// </summary>
internal static class LimitingKolmogorov
{
    // Below this x the series in exp(-π²/8x²) converges fastest, above it the one in exp(-2x²).
    private const double Cutover = 0.82;

    // π/√(8·746): for smaller x the leading term e^(-π²/8x²) is below 2^-1076, so the CDF is 0.
    private static readonly double CdfUnderflowX = Math.PI / Math.Sqrt(5968.0);

    private const double LogSqrt2Pi = 0.91893853320467274178032973640561764;

    private const double DblEpsilon = 2.220446049250313e-16;

    private const double XTolerance = DblEpsilon;

    private const double RelativeTolerance = 2 * DblEpsilon;

    // cephes MAXITER.
    private const int MaxIterations = 500;

    /// <summary>Returns the survival function at x and sets the CDF and density.</summary>
    public static double Evaluate(double x, out double cdf, out double pdf)
    {
        if (x <= 0 || x <= CdfUnderflowX)
        {
            cdf = 0.0;
            pdf = 0.0;
            return 1.0;
        }

        double sf;
        if (x <= Cutover)
        {
            // P = w·u·(1 + u^8 + u^24 + u^48 + ...) with u = e^(-π²/8x²), w = √(2π)/x.
            double w = Math.Sqrt(2 * Math.PI) / x;
            double logu8 = -Math.PI * Math.PI / (x * x);
            double u = Math.Exp(logu8 / 8);
            double p = 1.0;
            double dens = 0.0;
            if (u == 0)
            {
                // u underflows but w·u may not: combine them in logs.
                p = Math.Exp((logu8 / 8) + Math.Log(w));
            }
            else
            {
                double u8 = Math.Exp(logu8);
                double u8Cubed = Math.Pow(u8, 3);
                p = 1 + (u8Cubed * p);
                dens = (5 * 5) + (u8Cubed * dens);
                p = 1 + (u8 * u8 * p);
                dens = (3 * 3) + (u8 * u8 * dens);
                p = 1 + (u8 * p);
                dens = (1 * 1) + (u8 * dens);

                dens = (Math.PI * Math.PI / 4 / (x * x) * dens) - p;
                dens *= w * u / x;
                p = w * u * p;
            }

            cdf = p;
            sf = 1 - p;
            pdf = dens;
        }
        else
        {
            // P = 2(v - v^4 + v^9 - v^16 + ...) = 2v(1 - v^3(1 - v^5(1 - v^7(...)))) with v = e^(-2x²).
            double v = Math.Exp(-2 * x * x);
            double vSquared = v * v;
            double vCubed = Math.Pow(v, 3);
            double p = 1.0;
            double dens = 0.0;

            double vPower = vCubed * vCubed * v;
            p = 1 - (vPower * p);
            dens = (3 * 3) - (vPower * dens);

            vPower = vCubed * vSquared;
            p = 1 - (vPower * p);
            dens = (2 * 2) - (vPower * dens);

            vPower = vCubed;
            p = 1 - (vPower * p);
            dens = (1 * 1) - (vPower * dens);

            sf = 2 * v * p;
            cdf = 1 - sf;
            pdf = 8 * v * x * dens;
        }

        pdf = Math.Max(0, pdf);
        cdf = Math.Clamp(cdf, 0, 1);
        return Math.Clamp(sf, 0, 1);
    }

    /// <summary>The x with SF(x) = psf, where pcdf = 1 - psf, both in [0, 1].</summary>
    public static double Inverse(double psf, double pcdf)
    {
        if (pcdf == 0.0)
        {
            return 0.0;
        }

        if (psf == 0.0)
        {
            return double.PositiveInfinity;
        }

        double a;
        double b;
        double x;
        if (pcdf <= 0.5)
        {
            // Bracket from p ≈ (√(2π)/x)·e^(-π²/8x²), iterated twice from both sides.
            double logpcdf = Math.Log(pcdf);
            a = Math.PI / (2 * Math.Sqrt(2.0) * Math.Sqrt(-(logpcdf + (logpcdf / 2) - LogSqrt2Pi)));
            b = Math.PI / (2 * Math.Sqrt(2.0) * Math.Sqrt(-(logpcdf + 0 - LogSqrt2Pi)));
            a = Math.PI / (2 * Math.Sqrt(2.0) * Math.Sqrt(-(logpcdf + Math.Log(a) - LogSqrt2Pi)));
            b = Math.PI / (2 * Math.Sqrt(2.0) * Math.Sqrt(-(logpcdf + Math.Log(b) - LogSqrt2Pi)));
            x = (a + b) / 2.0;
        }
        else
        {
            // Bracket from p ≈ 2e^(-2x²), narrowed slightly so the upper end keeps the right sign,
            // and start from the series inversion of p/2 = q - q^4 + q^9 - ...
            const double jiggerB = 256 * DblEpsilon;
            double pba = psf / (1.0 - Math.Exp(-4)) / 2;
            double pbb = psf * (1 - jiggerB) / 2;
            a = Math.Sqrt(-0.5 * Math.Log(pba));
            b = Math.Sqrt(-0.5 * Math.Log(pbb));
            double p = psf / 2.0;
            double p2 = p * p;
            double p3 = p * p * p;
            double q0 = 1 + (p3 * (1 + (p3 * (4 + (p2 * (-1 + (p * (22 + (p2 * (-13 + (140 * p)))))))))));
            q0 *= p;
            x = Math.Sqrt(-Math.Log(q0) / 2);
            if (x < a || x > b)
            {
                x = (a + b) / 2;
            }
        }

        int iterations = 0;
        while (true)
        {
            double x0 = x;
            double sf = Evaluate(x0, out double cdf, out double pdf);
            double df = pcdf < 0.5 ? pcdf - cdf : sf - psf;
            if (Math.Abs(df) == 0)
            {
                break;
            }

            if (df > 0 && x > a)
            {
                a = x;
            }
            else if (df < 0 && x < b)
            {
                b = x;
            }

            double dfdx = -pdf;
            if (Math.Abs(dfdx) <= 0.0)
            {
                x = (a + b) / 2;
            }
            else
            {
                x = x0 - (df / dfdx);
            }

            if (x >= a && x <= b)
            {
                if (WithinTolerance(x, x0, XTolerance, RelativeTolerance))
                {
                    break;
                }

                if (x == a || x == b)
                {
                    x = (a + b) / 2.0;
                    if (x == a || x == b)
                    {
                        break;
                    }
                }
            }
            else
            {
                x = (a + b) / 2.0;
                if (WithinTolerance(x, x0, XTolerance, RelativeTolerance))
                {
                    break;
                }
            }

            if (++iterations > MaxIterations)
            {
                break;
            }
        }

        return x;
    }

    private static bool WithinTolerance(double x, double y, double atol, double rtol) =>
        Math.Abs(x - y) <= atol + (rtol * Math.Abs(y));
}
