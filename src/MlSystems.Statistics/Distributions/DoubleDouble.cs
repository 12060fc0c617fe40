namespace MlSystems.Statistics;

/// <summary>
/// An unevaluated sum <c>Hi + Lo</c> of two doubles with <c>|Lo| ≤ ulp(Hi)/2</c>, giving about
/// 106 bits of significand. The operations reproduce, step for step, the double-double package
/// (from Hida, Li and Bailey's QD library) that scipy's cephes uses for the one-sided Smirnov
/// distribution, so that our sums round the same way scipy's do.
/// </summary>
internal readonly struct DoubleDouble
{
    // 2^27 + 1: splits a double into two 26-bit halves whose products are exact.
    private const double Splitter = 134217729.0;

    // Above 2^996 the split would overflow, so the operand is scaled down by 2^28 first.
    private const double SplitThreshold = 6.69692879491417e+299;

    public static readonly DoubleDouble One = new(1.0, 0.0);

    public static readonly DoubleDouble Zero = new(0.0, 0.0);

    public DoubleDouble(double hi, double lo)
    {
        Hi = hi;
        Lo = lo;
    }

    public double Hi { get; }

    public double Lo { get; }

    public bool IsZero => Hi == 0.0;

    public bool IsFinite => double.IsFinite(Hi);

    /// <summary>Exact a + b as a normalised pair (a + b rounded, its rounding error).</summary>
    public static DoubleDouble Sum(double a, double b)
    {
        double s = TwoSum(a, b, out double e);
        return new DoubleDouble(s, e);
    }

    /// <summary>Exact a·b as a normalised pair.</summary>
    public static DoubleDouble Product(double a, double b)
    {
        double p = TwoProduct(a, b, out double e);
        return new DoubleDouble(p, e);
    }

    /// <summary>a / b to double-double accuracy.</summary>
    public static DoubleDouble Quotient(double a, double b) => Divide(new DoubleDouble(a, 0.0), new DoubleDouble(b, 0.0));

    public static DoubleDouble Add(DoubleDouble a, double b)
    {
        double s1 = TwoSum(a.Hi, b, out double s2);
        s2 += a.Lo;
        s1 = QuickTwoSum(s1, s2, out s2);
        return new DoubleDouble(s1, s2);
    }

    public static DoubleDouble Subtract(DoubleDouble a, double b)
    {
        double s1 = TwoSum(a.Hi, -b, out double s2);
        s2 += a.Lo;
        s1 = QuickTwoSum(s1, s2, out s2);
        return new DoubleDouble(s1, s2);
    }

    /// <summary>The IEEE-style (Briggs–Kahan) addition, the one the package always uses.</summary>
    public static DoubleDouble Add(DoubleDouble a, DoubleDouble b)
    {
        double s1 = TwoSum(a.Hi, b.Hi, out double s2);
        double t1 = TwoSum(a.Lo, b.Lo, out double t2);
        s2 += t1;
        s1 = QuickTwoSum(s1, s2, out s2);
        s2 += t2;
        s1 = QuickTwoSum(s1, s2, out s2);
        return new DoubleDouble(s1, s2);
    }

    public static DoubleDouble Subtract(DoubleDouble a, DoubleDouble b) => Add(a, new DoubleDouble(-b.Hi, -b.Lo));

    public static DoubleDouble Multiply(DoubleDouble a, DoubleDouble b)
    {
        double p1 = TwoProduct(a.Hi, b.Hi, out double p2);
        p2 += (a.Hi * b.Lo) + (a.Lo * b.Hi);
        p1 = QuickTwoSum(p1, p2, out p2);
        return new DoubleDouble(p1, p2);
    }

    public static DoubleDouble Multiply(DoubleDouble a, double b)
    {
        double p1 = TwoProduct(a.Hi, b, out double e1);
        double p2 = TwoProduct(a.Lo, b, out double e2);
        p1 = QuickTwoSum(p1, e2 + p2 + e1, out e1);
        return new DoubleDouble(p1, e1);
    }

    /// <summary>The package's "accurate" division: three quotient digits, then renormalisation.</summary>
    public static DoubleDouble Divide(DoubleDouble a, DoubleDouble b)
    {
        double q1 = a.Hi / b.Hi;
        DoubleDouble r = Subtract(a, Multiply(b, q1));
        double q2 = r.Hi / b.Hi;
        r = Subtract(r, Multiply(b, q2));
        double q3 = r.Hi / b.Hi;
        q1 = QuickTwoSum(q1, q2, out q2);
        return Add(new DoubleDouble(q1, q2), q3);
    }

    public static DoubleDouble Divide(DoubleDouble a, double b) => Divide(a, new DoubleDouble(b, 0.0));

    public static DoubleDouble Floor(DoubleDouble a)
    {
        double hi = Math.Floor(a.Hi);
        double lo = 0.0;
        if (hi == a.Hi)
        {
            lo = Math.Floor(a.Lo);
            hi = QuickTwoSum(hi, lo, out lo);
        }

        return new DoubleDouble(hi, lo);
    }

    /// <summary>a·2^exponent, scaling each component.</summary>
    public static DoubleDouble ScaleB(DoubleDouble a, int exponent) => new(Math.ScaleB(a.Hi, exponent), Math.ScaleB(a.Lo, exponent));

    /// <summary>
    /// Splits a into m·2^exponent with 0.5 ≤ |m.Hi| &lt; 1, or |m.Hi| = 1 when the low part has the
    /// opposite sign (so that the pair's value stays below 1 in magnitude).
    /// </summary>
    public static DoubleDouble Frexp(DoubleDouble a, out int exponent)
    {
        double man = Frexp(a.Hi, out exponent);
        double lo = Math.ScaleB(a.Lo, -exponent);
        if (Math.Abs(man) == 0.5 && man * lo < 0)
        {
            man *= 2;
            lo *= 2;
            exponent--;
        }

        return new DoubleDouble(man, lo);
    }

    /// <summary>C's frexp: x = m·2^exponent with 0.5 ≤ |m| &lt; 1; zero, infinities and NaN come back unchanged with exponent 0.</summary>
    public static double Frexp(double x, out int exponent)
    {
        if (x == 0.0 || !double.IsFinite(x))
        {
            exponent = 0;
            return x;
        }

        exponent = Math.ILogB(x) + 1;
        return Math.ScaleB(x, -exponent);
    }

    // Requires |a| >= |b|.
    private static double QuickTwoSum(double a, double b, out double err)
    {
        double s = a + b;
        double c = s - a;
        err = b - c;
        return s;
    }

    private static double TwoSum(double a, double b, out double err)
    {
        double s = a + b;
        double c = s - a;
        double d = b - c;
        double e = s - c;
        err = (a - e) + d;
        return s;
    }

    // Veltkamp split rather than a fused multiply-add, as in scipy's build, so that even the
    // corner cases (huge or subnormal operands) round identically.
    private static void TwoSplit(double a, out double hi, out double lo)
    {
        if (a > SplitThreshold || a < -SplitThreshold)
        {
            a *= 3.7252902984619140625e-09;
            double temp = Splitter * a;
            hi = temp - (temp - a);
            lo = a - hi;
            hi *= 268435456.0;
            lo *= 268435456.0;
        }
        else
        {
            double temp = Splitter * a;
            hi = temp - (temp - a);
            lo = a - hi;
        }
    }

    private static double TwoProduct(double a, double b, out double err)
    {
        double p = a * b;
        TwoSplit(a, out double aHi, out double aLo);
        TwoSplit(b, out double bHi, out double bLo);
        double c = (aHi * bHi) - p;
        double d = c + (aHi * bLo) + (aLo * bHi);
        err = d + (aLo * bLo);
        return p;
    }
}
