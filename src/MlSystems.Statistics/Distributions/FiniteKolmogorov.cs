using System.Buffers;

namespace MlSystems.Statistics;

/// <summary>
/// The distribution of the two-sided one-sample statistic Dₙ for finite n, computed as
/// scipy.stats.kstwo does (scipy.stats._ksstats._kolmogn): Simard and L'Ecuyer's choice between
/// the Ruben–Gambino closed forms, Durbin's matrix algorithm (Marsaglia–Tsang–Wang), the Pomeranz
/// recursion, the Pelz–Good expansion and twice the one-sided Smirnov tail.
/// </summary>
internal static class FiniteKolmogorov
{
    // Intermediate results are rescaled by 2^±128 to stay inside the double range.
    private const int ScaleExponent = 128;
    private static readonly double ScaleUp = Math.ScaleB(1.0, ScaleExponent);
    private static readonly double ScaleDown = Math.ScaleB(1.0, -ScaleExponent);

    // Buffers up to this many doubles live on the stack; larger ones are rented.
    private const int StackLimit = 2048;

    private const int MinLog = -708;

    private static readonly double Log2Pi = Math.Log(2 * Math.PI);
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double Sqrt3 = Math.Sqrt(3);
    private static readonly double PiSquared = Math.Pow(Math.PI, 2);
    private static readonly double PiFour = Math.Pow(Math.PI, 4);
    private static readonly double PiSix = Math.Pow(Math.PI, 6);

    // B_2j/(2j)/(2j-1) for j = 8..1, highest power first: Stirling's series for log n!.
    private static ReadOnlySpan<double> StirlingCoefficients =>
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4,
        -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary>P(Dₙ ≤ x) (when <paramref name="cdf"/>) or P(Dₙ ≥ x), for n ≥ 1 and x in [0, 1].</summary>
    public static double Evaluate(int n, double x, bool cdf)
    {
        if (x >= 1.0)
        {
            return cdf ? 1.0 : 0.0;
        }

        if (x <= 0.0)
        {
            return cdf ? 0.0 : 1.0;
        }

        double t = n * x;
        if (t <= 1.0)
        {
            // Ruben–Gambino: for 1/2n ≤ x ≤ 1/n the CDF is n!/nⁿ·(2nx-1)ⁿ.
            if (t <= 0.5)
            {
                return cdf ? 0.0 : 1.0;
            }

            double prob;
            if (n <= 140)
            {
                prob = 1.0;
                double scale = 2 * t - 1;
                for (int i = 1; i <= n; i++)
                {
                    prob *= i * (1.0 / n) * scale;
                }
            }
            else
            {
                prob = Math.Exp(LogNFactorialOverNToN(n) + (n * Math.Log((2 * t) - 1)));
            }

            return Select(prob, 1.0 - prob, cdf);
        }

        if (t >= n - 1)
        {
            // Ruben–Gambino: for x ≥ 1 - 1/n the SF is 2(1-x)ⁿ.
            double prob = 2 * Math.Pow(1.0 - x, n);
            return Select(1 - prob, prob, cdf);
        }

        if (x >= 0.5)
        {
            // Above 1/2 the events D⁺ ≥ x and D⁻ ≥ x are disjoint, so the SF is exactly twice Smirnov's.
            double prob = 2 * SmirnovDistribution.Sf(n, x);
            return Select(1.0 - prob, prob, cdf);
        }

        double nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                double prob = Durbin(n, x);
                return Select(prob, 1.0 - prob, cdf);
            }

            if (nxSquared <= 4)
            {
                double prob = Pomeranz(n, x);
                return Select(prob, 1.0 - prob, cdf);
            }

            // Miller: the intersection term is negligible this far out.
            double smirnov = 2 * SmirnovDistribution.Sf(n, x);
            return Select(1.0 - smirnov, smirnov, cdf);
        }

        // For large n the SF and the CDF switch methods at different places.
        if (!cdf)
        {
            if (nxSquared >= 370.0)
            {
                return 0.0;
            }

            if (nxSquared >= 2.2)
            {
                return Math.Clamp(2 * SmirnovDistribution.Sf(n, x), 0.0, 1.0);
            }
        }

        double cdfProb;
        if (nxSquared >= 18.0)
        {
            cdfProb = 1.0;
        }
        else if (n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4)
        {
            cdfProb = Durbin(n, x);
        }
        else
        {
            cdfProb = PelzGood(n, x);
        }

        return Select(cdfProb, 1.0 - cdfProb, cdf);
    }

    private static double Select(double cdfProb, double sfProb, bool cdf) => Math.Clamp(cdf ? cdfProb : sfProb, 0.0, 1.0);

    /// <summary>log(n!/nⁿ) by Stirling's series with n·log n taken out up front to avoid cancellation.</summary>
    private static double LogNFactorialOverNToN(int n)
    {
        double rn = 1.0 / n;
        double poly = 0.0;
        double u = rn / n;
        foreach (double c in StirlingCoefficients)
        {
            poly = (poly * u) + c;
        }

        return (Math.Log(n) / 2) - n + (Log2Pi / 2) + (rn * poly);
    }

    /// <summary>
    /// Durbin's matrix algorithm in the Marsaglia–Tsang–Wang form: with n·x = k - h, the CDF is
    /// n!/nⁿ times the (k,k) entry of Hⁿ for an (2k-1)×(2k-1) matrix H, raised to the n-th power by
    /// squaring with explicit binary exponents.
    /// </summary>
    private static double Durbin(int n, double x)
    {
        // Only called with 1/n < x < 1/2, so k ≥ 2.
        double nx = n * x;
        int k = (int)Math.Ceiling(nx);
        double h = k - nx;
        int m = (2 * k) - 1;
        int size = m * m;

        double[]? rented = null;
        Span<double> buffer = (4 * size) + (2 * m) <= StackLimit
            ? stackalloc double[StackLimit]
            : (rented = ArrayPool<double>.Shared.Rent((4 * size) + (2 * m)));
        try
        {
            Span<double> v = buffer.Slice(4 * size, m);
            Span<double> w = buffer.Slice((4 * size) + m, m);
            int hIndex = 0;
            int powerIndex = 1;
            int scratchIndex = 2;
            int spareIndex = 3;
            Span<double> matrix = buffer.Slice(hIndex * size, size);
            matrix.Clear();

            // v[j] = (1 - h^(j+1))/(j+1)!, w[j] = 1/j!; the last entry of v gets the (2h-1)^m correction.
            double factorial = 1.0;
            for (int j = 1; j <= m; j++)
            {
                v[j - 1] = 1.0 - Math.Pow(h, j);
                w[j - 1] = factorial;
                factorial /= j;
                v[j - 1] *= factorial;
            }

            double tt = Math.Pow(Math.Max((2 * h) - 1.0, 0), m) - (2 * Math.Pow(h, m));
            v[m - 1] = (1.0 + tt) * factorial;

            for (int i = 1; i < m; i++)
            {
                for (int row = i - 1; row < m; row++)
                {
                    matrix[(row * m) + i] = w[row - (i - 1)];
                }
            }

            for (int row = 0; row < m; row++)
            {
                matrix[row * m] = v[row];
            }

            for (int col = 0; col < m; col++)
            {
                matrix[((m - 1) * m) + col] = v[m - 1 - col];
            }

            Span<double> power = buffer.Slice(powerIndex * size, size);
            power.Clear();
            for (int i = 0; i < m; i++)
            {
                power[(i * m) + i] = 1.0;
            }

            int nn = n;
            int exponent = 0;
            int matrixExponent = 0;
            int diagonal = ((k - 1) * m) + (k - 1);
            while (nn > 0)
            {
                if (nn % 2 != 0)
                {
                    Multiply(buffer.Slice(powerIndex * size, size), buffer.Slice(hIndex * size, size), buffer.Slice(scratchIndex * size, size), m);
                    (powerIndex, scratchIndex) = (scratchIndex, powerIndex);
                    exponent += matrixExponent;
                }

                nn /= 2;
                if (nn == 0)
                {
                    break;
                }

                Multiply(buffer.Slice(hIndex * size, size), buffer.Slice(hIndex * size, size), buffer.Slice(spareIndex * size, size), m);
                (hIndex, spareIndex) = (spareIndex, hIndex);
                matrixExponent *= 2;
                Span<double> squared = buffer.Slice(hIndex * size, size);
                if (Math.Abs(squared[diagonal]) > ScaleUp)
                {
                    for (int i = 0; i < size; i++)
                    {
                        squared[i] /= ScaleUp;
                    }

                    matrixExponent += ScaleExponent;
                }
            }

            double p = buffer[(powerIndex * size) + diagonal];

            // Multiply by n!/nⁿ one factor at a time, rescaling on underflow.
            for (int i = 1; i <= n; i++)
            {
                p = i * p / n;
                if (Math.Abs(p) < ScaleDown)
                {
                    p *= ScaleUp;
                    exponent -= ScaleExponent;
                }
            }

            if (exponent != 0)
            {
                p = Math.ScaleB(p, exponent);
            }

            return Math.Clamp(p, 0.0, 1.0);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>c = a·b for m×m row-major matrices.</summary>
    private static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m)
    {
        for (int i = 0; i < m; i++)
        {
            Span<double> cRow = c.Slice(i * m, m);
            cRow.Clear();
            ReadOnlySpan<double> aRow = a.Slice(i * m, m);
            for (int j = 0; j < m; j++)
            {
                double aij = aRow[j];
                if (aij == 0.0)
                {
                    continue;
                }

                ReadOnlySpan<double> bRow = b.Slice(j * m, m);
                for (int col = 0; col < m; col++)
                {
                    cRow[col] += aij * bRow[col];
                }
            }
        }
    }

    /// <summary>
    /// The Pomeranz recursion for P(Dₙ ≤ x): 2n+1 convolutions of a short band of probabilities with
    /// truncated Poisson weights, keeping only the non-zero window of two rows.
    /// </summary>
    private static double Pomeranz(int n, double x)
    {
        double t = n * x;
        int ll = (int)Math.Floor(t);
        double f = t - ll;
        double g = Math.Min(f, 1.0 - f);
        int ceilF = f > 0 ? 1 : 0;
        int roundF = f > 0.5 ? 1 : 0;
        int nPowers = 2 * (ll + 1);

        int total = 5 * nPowers;
        double[]? rented = null;
        Span<double> buffer = total <= StackLimit
            ? stackalloc double[StackLimit]
            : (rented = ArrayPool<double>.Shared.Rent(total));
        try
        {
            // (g/n)^m/m!, (2g/n)^m/m! and ((1-2g)/n)^m/m!: Poisson weights without their normalisation.
            Span<double> gPower = buffer.Slice(0, nPowers);
            Span<double> twoGPower = buffer.Slice(nPowers, nPowers);
            Span<double> oneMinus2GPower = buffer.Slice(2 * nPowers, nPowers);
            Span<double> current = buffer.Slice(3 * nPowers, nPowers);
            Span<double> previous = buffer.Slice(4 * nPowers, nPowers);

            gPower[0] = 1.0;
            twoGPower[0] = 1.0;
            oneMinus2GPower[0] = 1.0;
            double gOverN = g / n;
            double twoGOverN = 2 * g / n;
            double oneMinusTwoGOverN = (1 - (2 * g)) / n;
            for (int m = 1; m < nPowers; m++)
            {
                gPower[m] = gPower[m - 1] * gOverN / m;
                twoGPower[m] = twoGPower[m - 1] * twoGOverN / m;
                oneMinus2GPower[m] = oneMinus2GPower[m - 1] * oneMinusTwoGOverN / m;
            }

            current.Clear();
            current[0] = 1;
            int previousStart = 0;
            int currentStart = 0;
            int exponent = 0;

            (int j1, int j2) = PomeranzWindow(0, n, ll, ceilF, roundF);
            for (int i = 1; i < (2 * n) + 2; i++)
            {
                int k1 = j1;

                // The row computed last iteration becomes the input row.
                current.CopyTo(previous);
                (previousStart, currentStart) = (currentStart, previousStart);
                current.Clear();
                (j1, j2) = PomeranzWindow(i, n, ll, ceilF, roundF);

                ReadOnlySpan<double> weights = i == 1 || i == (2 * n) + 1
                    ? gPower
                    : (i % 2 != 0 ? twoGPower : oneMinus2GPower);
                int length = j2 - k1 + 1;
                if (length > 0)
                {
                    ReadOnlySpan<double> input = previous.Slice(k1 - previousStart, length);
                    int convStart = j1 - k1;
                    int convLength = j2 - j1 + 1;
                    double max = 0.0;
                    for (int c = 0; c < convLength; c++)
                    {
                        // Entry convStart + c of the full convolution of input with weights[..length].
                        int index = convStart + c;
                        double sum = 0.0;
                        for (int a = Math.Max(0, index - length + 1); a <= Math.Min(index, length - 1); a++)
                        {
                            sum += input[a] * weights[index - a];
                        }

                        current[c] = sum;
                        max = Math.Max(max, sum);
                    }

                    if (max > 0 && max < ScaleDown)
                    {
                        for (int c = 0; c < nPowers; c++)
                        {
                            current[c] *= ScaleUp;
                        }

                        exponent -= ScaleExponent;
                    }

                    currentStart = previousStart + j1 - k1;
                }
            }

            // Multiply by n!, rescaling on overflow.
            double answer = current[n - currentStart];
            for (int m = 1; m <= n; m++)
            {
                if (Math.Abs(answer) > ScaleUp)
                {
                    answer *= ScaleDown;
                    exponent += ScaleExponent;
                }

                answer *= m;
            }

            if (exponent != 0)
            {
                answer = Math.ScaleB(answer, exponent);
            }

            return Math.Clamp(answer, 0.0, 1.0);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The first and last non-zero column of row i of the Pomeranz recursion.</summary>
    private static (int J1, int J2) PomeranzWindow(int i, int n, int ll, int ceilF, int roundF)
    {
        int j1;
        int j2;
        if (i == 0)
        {
            j1 = -ll - ceilF - 1;
            j2 = ll + ceilF - 1;
        }
        else
        {
            int half = (i + 1) / 2;
            if ((i + 1) % 2 == 0)
            {
                if (half == n + 1)
                {
                    j1 = n - ll - ceilF - 1;
                    j2 = n + ll + ceilF - 1;
                }
                else
                {
                    j1 = half - 1 - ll - roundF - 1;
                    j2 = half + ll - 1 + ceilF - 1;
                }
            }
            else
            {
                j1 = half - 1 - ll - 1;
                j2 = half + ll + roundF - 1;
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    /// <summary>
    /// The Pelz–Good expansion of P(Dₙ ≤ x): the Li-Chien/Korolyuk series K₀ + K₁/√n + K₂/n + K₃/n^1.5
    /// with each Kᵢ rewritten through Jacobi's theta transformation so it converges for small √n·x.
    /// </summary>
    private static double PelzGood(int n, double x)
    {
        double z = Math.Sqrt(n) * x;
        double zSquared = Math.Pow(z, 2);
        double zThree = Math.Pow(z, 3);
        double zFour = Math.Pow(z, 4);
        double zSix = Math.Pow(z, 6);

        double qLog = -PiSquared / 8 / zSquared;
        if (qLog < MinLog)
        {
            return 0.0;
        }

        double q = Math.Exp(qLog);

        double k1a = -zSquared;
        double k1b = PiSquared / 4;

        double k2a = (6 * zSix) + (2 * zFour);
        double k2b = ((2 * zFour) - (5 * zSquared)) * PiSquared / 4;
        double k2c = PiFour * (1 - (2 * zSquared)) / 16;

        double k3d = PiSix * (5 - (30 * zSquared)) / 64;
        double k3c = PiFour * ((-60 * zSquared) + (212 * zFour)) / 16;
        double k3b = PiSquared * ((135 * zFour) - (96 * zSix)) / 4;
        double k3a = (-30 * zSix) - (90 * Math.Pow(z, 8));

        // Horner in q^8 over the odd terms m = 2k-1 of sum c_m q^(m²).
        double k0 = 0.0;
        double k1 = 0.0;
        double k2 = 0.0;
        double k3 = 0.0;
        int maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (int k = maxK; k > 0; k--)
        {
            double m = (2 * k) - 1;
            double mSquared = m * m;
            double mFour = mSquared * mSquared;
            double mSix = mFour * mSquared;
            double qPower = Math.Pow(q, 8 * k);
            k0 = (k0 * qPower) + 1.0;
            k1 = (k1 * qPower) + (k1a + (k1b * mSquared));
            k2 = (k2 * qPower) + (k2a + (k2b * mSquared) + (k2c * mFour));
            k3 = (k3 * qPower) + (k3a + (k3b * mSquared) + (k3c * mFour) + (k3d * mSix));
        }

        k0 = k0 * q * Sqrt2Pi / z;
        k1 = k1 * q * Sqrt2Pi / (6 * zFour);
        k2 = k2 * q * Sqrt2Pi / (72 * Math.Pow(z, 7));
        k3 = k3 * q * Sqrt2Pi / (6480 * Math.Pow(z, 10));

        // The remaining sums over all k ≥ 1, whose terms do not cancel.
        q = Math.Exp(-PiSquared / 2 / zSquared);
        double sqrt3z = Sqrt3 * z;
        double[]? rented = null;
        Span<double> terms = 2 * maxK <= StackLimit
            ? stackalloc double[StackLimit]
            : (rented = ArrayPool<double>.Shared.Rent(2 * maxK));
        try
        {
            Span<double> k2Terms = terms.Slice(0, maxK);
            Span<double> k3Terms = terms.Slice(maxK, maxK);
            for (int i = 0; i < maxK; i++)
            {
                int kk = maxK - i;
                double kSquared = (double)kk * kk;
                double kPi = Math.PI * kk;
                double qPower = Math.Pow(q, kSquared);
                k2Terms[i] = kSquared * qPower;
                k3Terms[i] = (sqrt3z + kPi) * (sqrt3z - kPi) * kSquared * qPower;
            }

            double k2Extra = PairwiseSum(k2Terms);
            k2Extra *= PiSquared * Sqrt2Pi / (-36 * zThree);
            k2 += k2Extra;
            double k3Extra = PairwiseSum(k3Terms);
            k3Extra *= PiSquared * Sqrt2Pi / (216 * zSix);
            k3 += k3Extra;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }

        double nd = n * 1.0;
        k1 /= Math.Pow(nd, 0.5);
        k2 /= Math.Pow(nd, 1.0);
        k3 /= Math.Pow(nd, 1.5);
        return k0 + k1 + k2 + k3;
    }

    /// <summary>numpy's pairwise summation (eight interleaved partial sums below 128 terms), so sums round as np.sum does.</summary>
    private static double PairwiseSum(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 8)
        {
            double s = 0.0;
            foreach (double value in values)
            {
                s += value;
            }

            return s;
        }

        if (n <= 128)
        {
            Span<double> r = stackalloc double[8];
            values[..8].CopyTo(r);
            int i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (int j = 0; j < 8; j++)
                {
                    r[j] += values[i + j];
                }
            }

            double result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                result += values[i];
            }

            return result;
        }

        int half = n / 2;
        half -= half % 8;
        return PairwiseSum(values[..half]) + PairwiseSum(values[half..]);
    }
}
