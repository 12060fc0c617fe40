namespace MlSystems.Statistics.Summaries;

/// <summary>
/// The exact sum of a stream of doubles, held as an expansion of non-overlapping partial sums (Shewchuk's algorithm, as
/// in Python's <c>math.fsum</c>), and read as the correctly rounded double of that exact sum.
/// </summary>
/// <remarks>
/// <para>Because nothing is rounded until <see cref="Value"/> is read, the result depends only on the multiset of values
/// added: any order, and any split of the stream into sums merged in any grouping, gives the same double bit for bit.
/// That is what lets a coordinator merge many hosts' sums into exactly what one host would have computed over all the
/// traffic. <see cref="Partials"/> is canonical too, so two sums of the same values serialise to the same bytes.</para>
/// <para>Accuracy: <see cref="Value"/> is the exact sum rounded to nearest, ties to even. Adding costs one pass over the
/// partials, which stay few (two or three for values of similar magnitude; at most one per 53 bits of exponent range
/// the values span). Empty, the sum is 0.</para>
/// <para>Only finite values are accepted; a sum whose exact value, or an intermediate of the expansion, would pass
/// ±<see cref="double.MaxValue"/> is refused and the sum left unchanged. Instances are not thread-safe; give each
/// thread its own and merge.</para>
/// </remarks>
public sealed class ExactSum
{
    // Partials in increasing magnitude, non-overlapping; allocated on first use and grown as needed.
    private double[] partials = [];
    private int length;

    /// <summary>The exact sum, rounded once to the nearest double (ties to even); 0 when empty.</summary>
    public double Value => Round(partials.AsSpan(0, length));

    /// <summary>Whether nothing but zeros has been added (the exact sum is 0).</summary>
    public bool IsZero => length == 0;

    /// <summary>
    /// The canonical expansion of the exact sum: its rounded value first, then the rounded value of what remains, and so
    /// on, until nothing remains. The same exact sum always gives the same partials, whatever the order it was built in;
    /// <see cref="FromPartials"/> reads them back.
    /// </summary>
    /// <returns>A new array; empty when the sum is 0.</returns>
    public double[] Partials()
    {
        var remaining = Clone();
        var canonical = new List<double>(length);
        while (!remaining.IsZero)
        {
            double next = remaining.Value;
            canonical.Add(next);
            remaining.AddValidated(-next);
        }

        return [.. canonical];
    }

    /// <summary>Adds one value.</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The sum would pass the range of a double; the sum is unchanged.</exception>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Cannot add {value}: an exact sum holds finite values only.", nameof(value));
        }

        AddValidated(value);
    }

    /// <summary>Adds every value of <paramref name="values"/>.</summary>
    /// <param name="values">Finite values.</param>
    /// <exception cref="ArgumentException">A value is NaN or infinite (the message gives its index); nothing is added.</exception>
    /// <exception cref="OverflowException">The sum would pass the range of a double; the values before the one that
    /// overflowed are added, that one and those after are not.</exception>
    public void Add(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"Value {i} is {values[i]}: an exact sum holds finite values only.", nameof(values));
            }
        }

        foreach (double v in values)
        {
            AddValidated(v);
        }
    }

    /// <summary>Adds the exact product <paramref name="a"/> × <paramref name="b"/>, split by a fused multiply-add into its
    /// rounded product and the rounding error, so nothing is lost unless the product underflows below about 1e-292.</summary>
    /// <param name="a">A finite factor.</param>
    /// <param name="b">A finite factor.</param>
    /// <exception cref="ArgumentException">A factor is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The product or the sum would pass the range of a double; the sum is unchanged.</exception>
    public void AddProduct(double a, double b)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b))
        {
            throw new ArgumentException($"Cannot add {a} × {b}: an exact sum holds finite values only.", double.IsFinite(a) ? nameof(b) : nameof(a));
        }

        double product = a * b;
        if (!double.IsFinite(product))
        {
            throw new OverflowException($"The product {a} × {b} passes the range of a double.");
        }

        double error = Math.FusedMultiplyAdd(a, b, -product);

        // Below a quarter of the range on both sides the two additions cannot overflow, so only near the edge are the
        // partials copied to roll back to: a per-value allocation here would land on every request of a canary window.
        bool nearEdge = Math.Abs(product) > double.MaxValue / 4 || (length > 0 && Math.Abs(partials[length - 1]) > double.MaxValue / 4);
        double[]? saved = nearEdge ? partials[..length] : null;
        try
        {
            AddValidated(product);
            AddValidated(error);
        }
        catch (OverflowException) when (saved is not null)
        {
            (partials, length) = (saved, saved.Length);
            throw;
        }
    }

    /// <summary>Adds the exact sum held by <paramref name="other"/>, as if its values had been added here.</summary>
    /// <param name="other">The sum to merge; not modified. It may be this instance.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="OverflowException">The sum would pass the range of a double; the sum is unchanged.</exception>
    public void Merge(ExactSum other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double[] adding = other.partials[..other.length];
        double[] saved = partials[..length];
        try
        {
            foreach (double p in adding)
            {
                AddValidated(p);
            }
        }
        catch (OverflowException)
        {
            (partials, length) = (saved, saved.Length);
            throw;
        }
    }

    /// <summary>A copy of this sum.</summary>
    public ExactSum Clone() => new() { partials = partials[..length], length = length };

    /// <summary>The sum of <paramref name="partials"/>, exactly: the inverse of <see cref="Partials"/>, and also the
    /// exact sum of any finite values, canonical or not.</summary>
    /// <param name="partials">Finite values.</param>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    /// <exception cref="OverflowException">Their sum passes the range of a double.</exception>
    public static ExactSum FromPartials(ReadOnlySpan<double> partials)
    {
        var sum = new ExactSum();
        sum.Add(partials);
        return sum;
    }

    /// <summary>Shewchuk's grow-expansion: folds <paramref name="x"/> into the partials, keeping them non-overlapping.</summary>
    private void AddValidated(double x)
    {
        if (length == partials.Length)
        {
            Array.Resize(ref partials, Math.Max(4, length * 2));
        }

        // The new partials overwrite the old in place from the bottom up; an overflow is detected at the top, so the
        // old ones are saved first only when the running sum is already near the edge of the range.
        bool nearEdge = Math.Abs(x) > double.MaxValue / 4 || (length > 0 && Math.Abs(partials[length - 1]) > double.MaxValue / 4);
        double[]? saved = nearEdge ? partials[..length] : null;
        int kept = 0;
        for (int j = 0; j < length; j++)
        {
            double y = partials[j];
            if (Math.Abs(x) < Math.Abs(y))
            {
                (x, y) = (y, x);
            }

            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0)
            {
                partials[kept++] = lo;
            }

            x = hi;
        }

        if (!double.IsFinite(x))
        {
            saved!.CopyTo(partials, 0);
            throw new OverflowException("The exact sum passes the range of a double.");
        }

        if (x != 0)
        {
            partials[kept++] = x;
        }

        length = kept;
    }

    /// <summary>The correctly rounded value of an expansion (the final step of Python's <c>math.fsum</c>).</summary>
    private static double Round(ReadOnlySpan<double> partials)
    {
        int n = partials.Length;
        if (n == 0)
        {
            return 0;
        }

        double hi = partials[--n], lo = 0;
        while (n > 0)
        {
            double x = hi, y = partials[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0)
            {
                break;
            }
        }

        // Round half to even when the part below hi is exactly half an ulp and the partials further down tip it over.
        if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0)))
        {
            double y = lo * 2, x = hi + y;
            if (y == x - hi)
            {
                hi = x;
            }
        }

        return hi;
    }
}
