namespace MlSystems.Rollout;

/// <summary>
/// The 16-point Gauss–Legendre rule on [−1, 1] and its integration matrix: row i of <see cref="Cumulative"/> integrates
/// the polynomial through a function's values at the nodes from −1 to node i, so one panel's values give both the
/// panel's integral and the running integral at every node (spectral accuracy for a function resolved on the panel).
/// </summary>
internal static class GaussLegendre16
{
    /// <summary>The number of nodes.</summary>
    public const int Count = 16;

    /// <summary>The nodes, ascending.</summary>
    public static readonly double[] Nodes = new double[Count];

    /// <summary>The weights, summing to 2.</summary>
    public static readonly double[] Weights = new double[Count];

    /// <summary>
    /// Column-major, so a panel's running integrals are a sum of scaled columns (vectorisable):
    /// <c>Cumulative[m * Count + i]</c> is ∫ from −1 to node i of the Lagrange polynomial of node m.
    /// </summary>
    public static readonly double[] Cumulative = new double[Count * Count];

    static GaussLegendre16()
    {
        // Newton's method on the Legendre polynomial from Chebyshev-like starting points: converged to the last bit in a
        // few steps, and computed rather than tabulated so the rule carries no transcription risk.
        for (int i = 0; i < Count; i++)
        {
            double x = -Math.Cos(Math.PI * (i + 0.75) / (Count + 0.5));
            double derivative = 0;
            for (int step = 0; step < 100; step++)
            {
                (double value, derivative) = Legendre(x);
                double next = x - (value / derivative);
                bool done = Math.Abs(next - x) <= 1e-16;
                x = next;
                if (done)
                {
                    break;
                }
            }

            (_, derivative) = Legendre(x);
            Nodes[i] = x;
            Weights[i] = 2 / ((1 - (x * x)) * derivative * derivative);
        }

        // Lagrange polynomials have degree 15, so the rule itself, mapped onto [−1, node i], integrates them exactly.
        for (int i = 0; i < Count; i++)
        {
            double half = (Nodes[i] + 1) / 2;
            for (int m = 0; m < Count; m++)
            {
                double sum = 0;
                for (int q = 0; q < Count; q++)
                {
                    sum += Weights[q] * Lagrange(m, -1 + (half * (Nodes[q] + 1)));
                }

                Cumulative[(m * Count) + i] = half * sum;
            }
        }
    }

    private static (double Value, double Derivative) Legendre(double x)
    {
        double previous = 1, value = x;
        for (int n = 2; n <= Count; n++)
        {
            (previous, value) = (value, ((((2 * n) - 1) * x * value) - ((n - 1) * previous)) / n);
        }

        return (value, Count * ((x * value) - previous) / ((x * x) - 1));
    }

    private static double Lagrange(int m, double x)
    {
        double product = 1;
        for (int n = 0; n < Count; n++)
        {
            if (n != m)
            {
                product *= (x - Nodes[n]) / (Nodes[m] - Nodes[n]);
            }
        }

        return product;
    }
}
