namespace MlSystems.Statistics.Summaries;

/// <summary>
/// Count, mean and variance of a stream of numbers from an exact sum and an exact sum of squares, so that merging
/// summaries in any order and grouping gives the same statistics, bit for bit, as one summary of all the values.
/// </summary>
/// <remarks>
/// <para>This is the summary to use when several hosts' statistics must merge into exactly what a single host would
/// have computed: <see cref="RunningMoments"/> merges to within rounding, which can move a verdict that sits on its
/// threshold. Each square is split into its rounded value and its rounding error (a fused multiply-add), so Σx and Σx²
/// are both held exactly; <see cref="Mean"/> rounds Σx once and divides, and the variance rounds the exact
/// n·Σx² − (Σx)² once, so it is never negative and is accurate to a few ulps whatever the ratio of mean to spread.</para>
/// <para>Only values of magnitude up to 1e100 are accepted: then no sum, square or product of the variance's numerator
/// can pass the range of a double for any count a <see cref="long"/> holds (n²·1e200 stays below 1e238). Squares of
/// values below about 1e-146 underflow and lose their low bits (below about 2e-162 they are 0), identically on every host.
/// Statistics of an empty summary are NaN (check <see cref="Count"/>). Instances are not thread-safe; give each thread
/// its own and merge.</para>
/// </remarks>
public sealed class ExactMoments
{
    /// <summary>The largest magnitude of a value: 1e100.</summary>
    public const double MaximumMagnitude = 1e100;

    // The smallest magnitude whose square is not 0 in doubles (√(smallest subnormal) ≈ 2.2e-162, with room).
    private const double SmallestSquarable = 2.3e-162;

    // Below this Σx² the products of the variance's numerator may underflow, so a slightly negative numerator is no
    // sign of forged parts.
    private const double UnderflowFloor = 1e-280;

    private readonly ExactSum sum;
    private readonly ExactSum squares;

    /// <summary>Creates an empty summary.</summary>
    public ExactMoments()
        : this(0, new ExactSum(), new ExactSum())
    {
    }

    private ExactMoments(long count, ExactSum sum, ExactSum squares)
    {
        Count = count;
        this.sum = sum;
        this.squares = squares;
    }

    /// <summary>The number of values summarised.</summary>
    public long Count { get; private set; }

    /// <summary>Σx, correctly rounded; 0 when empty.</summary>
    public double Sum => sum.Value;

    /// <summary>Σx², correctly rounded; 0 when empty.</summary>
    public double SumOfSquares => squares.Value;

    /// <summary>The mean Σx / n (Σx rounded once); NaN when empty.</summary>
    public double Mean => Count > 0 ? sum.Value / Count : double.NaN;

    /// <summary>The sample variance (n·Σx² − (Σx)²) / (n(n − 1)), the numerator rounded once; NaN with fewer than two values.</summary>
    public double SampleVariance => Count > 1 ? Math.Max(Numerator(), 0) / ((double)Count * (Count - 1)) : double.NaN;

    /// <summary>The population variance (n·Σx² − (Σx)²) / n², the numerator rounded once; NaN when empty.</summary>
    public double PopulationVariance => Count > 0 ? Math.Max(Numerator(), 0) / ((double)Count * Count) : double.NaN;

    /// <summary>The canonical partials of Σx (see <see cref="ExactSum.Partials"/>), for a serialised form.</summary>
    public double[] SumPartials() => sum.Partials();

    /// <summary>The canonical partials of Σx² (see <see cref="ExactSum.Partials"/>), for a serialised form.</summary>
    public double[] SquarePartials() => squares.Partials();

    /// <summary>Adds one value.</summary>
    /// <param name="value">A finite value of magnitude at most <see cref="MaximumMagnitude"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN, infinite or larger than <see cref="MaximumMagnitude"/>.</exception>
    /// <exception cref="OverflowException">The count would pass <see cref="long.MaxValue"/>; the summary is unchanged.</exception>
    public void Add(double value)
    {
        if (!(Math.Abs(value) <= MaximumMagnitude))
        {
            throw new ArgumentException($"Cannot add {value}: exact moments hold finite values of magnitude up to {MaximumMagnitude:G}.", nameof(value));
        }

        long count = checked(Count + 1);
        sum.Add(value);
        squares.AddProduct(value, value);
        Count = count;
    }

    /// <summary>Folds <paramref name="other"/> into this summary, as if its values had been added here; exact.</summary>
    /// <param name="other">The summary to merge; not modified. It may be this instance.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="OverflowException">The count would pass <see cref="long.MaxValue"/>; the summary is unchanged.</exception>
    public void Merge(ExactMoments other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long count = checked(Count + other.Count);

        // Each merge copies what it adds first, so merging a summary into itself doubles it. Within the magnitude bound
        // neither sum can pass the range of a double.
        sum.Merge(other.sum);
        squares.Merge(other.squares);
        Count = count;
    }

    /// <summary>A copy of this summary.</summary>
    public ExactMoments Clone() => new(Count, sum.Clone(), squares.Clone());

    /// <summary>A summary from its parts, as a serialised form holds them: the inverse of <see cref="Count"/>,
    /// <see cref="SumPartials"/> and <see cref="SquarePartials"/>.</summary>
    /// <param name="count">The number of values, not negative.</param>
    /// <param name="sumPartials">Partials of Σx.</param>
    /// <param name="squarePartials">Partials of Σx².</param>
    /// <exception cref="ArgumentException">The parts cannot come from any values: a negative count, non-finite partials, a
    /// negative Σx², values without a count, sums beyond what <paramref name="count"/> values of at most
    /// <see cref="MaximumMagnitude"/> give, or (Σx)² greater than n·Σx² (Cauchy–Schwarz).</exception>
    public static ExactMoments FromParts(long count, ReadOnlySpan<double> sumPartials, ReadOnlySpan<double> squarePartials)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ExactSum sum, squares;
        try
        {
            sum = ExactSum.FromPartials(sumPartials);
            squares = ExactSum.FromPartials(squarePartials);
        }
        catch (OverflowException e)
        {
            throw new ArgumentException($"The partials overflow a double: {e.Message}", nameof(sumPartials), e);
        }

        // Bounded first, so the numerator's products below cannot overflow whatever the bytes said.
        double n = count;
        if (!(Math.Abs(sum.Value) <= n * MaximumMagnitude) || !(squares.Value <= n * MaximumMagnitude * MaximumMagnitude))
        {
            throw new ArgumentException($"The parts (count {count}, Σx {sum.Value}, Σx² {squares.Value}) are beyond what {count} values of magnitude at most {MaximumMagnitude:G} give.", nameof(squarePartials));
        }

        var result = new ExactMoments(count, sum, squares);
        if (squares.Value < 0 || (count == 0 && !(sum.IsZero && squares.IsZero)) || (squares.IsZero && Math.Abs(sum.Value) > n * SmallestSquarable) || (count > 0 && result.Numerator() < 0 && squares.Value >= UnderflowFloor))
        {
            throw new ArgumentException($"The parts (count {count}, Σx {sum.Value}, Σx² {squares.Value}) cannot come from any values.", nameof(squarePartials));
        }

        return result;
    }

    /// <summary>n·Σx² − (Σx)², computed exactly from the canonical partials and rounded once: not negative for real
    /// values, though squares that underflowed can leave it a few ulps below 0, which the variances clamp.</summary>
    private double Numerator()
    {
        double n = Count;
        var numerator = new ExactSum();
        foreach (double q in squares.Partials())
        {
            numerator.AddProduct(n, q);
        }

        double[] s = sum.Partials();
        foreach (double a in s)
        {
            foreach (double b in s)
            {
                numerator.AddProduct(-a, b);
            }
        }

        return numerator.Value;
    }
}
