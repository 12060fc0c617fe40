using System.Numerics;
using System.Runtime.InteropServices;

namespace MlSystems.Rollout;

/// <summary>
/// The exact probability that each arm's Thompson draw is the largest, P(k) = ∫ fₖ(x) ∏_{j≠k} Fⱼ(x) dx, for independent
/// posteriors: the integral every draw-based estimate approximates, computed once per state instead of per request.
/// </summary>
/// <remarks>
/// Composite 16-point Gauss–Legendre on panels split around every arm's bulk; each Fⱼ is integrated alongside from the
/// same density values by the rule's spectral cumulative matrix, so no incomplete-beta or error-function evaluation is
/// needed and every Fⱼ is consistent with its fⱼ: for two arms the probabilities then sum to 1 to rounding, whatever the
/// shapes; for more, to the quadrature's accuracy.
/// Densities are handled up to a per-arm constant and normalised by their computed totals at the end.
/// </remarks>
internal static class WinProbabilities
{
    private const int Nodes = GaussLegendre16.Count;
    private const double NegligibleLogMass = -46;

    /// <summary>Computes every arm's win probability.</summary>
    /// <param name="posteriors">The arms' posteriors.</param>
    /// <returns>One probability per arm, each in [0, 1].</returns>
    public static double[] Compute(ArmPosteriors posteriors)
    {
        int count = posteriors.Count;
        var points = new List<SplitPoint>(count * 16);
        (bool near0, bool near1) = posteriors.AddSplitPoints(points);
        points.Sort();
        Thin(points, posteriors);

        // wins[k] accumulates ∫ fₖ ∏ Fⱼ over the panels done; mass[j] is Fⱼ at the current panel's left end.
        var wins = new double[count];
        var mass = new double[count];
        if (near0)
        {
            AddNear0(posteriors, points[0].X, wins, mass);
        }

        var x = new double[Nodes];
        var complement = new double[Nodes];
        var density = new double[count * Nodes];
        var running = new double[count * Nodes];
        var prefix = new double[count + 1];
        var active = new bool[count];
        for (int p = 1; p < points.Count; p++)
        {
            SplitPoint left = points[p - 1], right = points[p];

            // Near 1 the complement carries the precision, so the panel's width comes from it there.
            double half = posteriors.HasUnitSupport && left.X >= 0.5 ? (left.Complement - right.Complement) / 2 : (right.X - left.X) / 2;
            if (!(half > 0) || posteriors.LargestLogDensity(left, right) + Math.Log(2 * half) < NegligibleLogMass)
            {
                continue;
            }

            for (int i = 0; i < Nodes; i++)
            {
                double offset = half * (1 + GaussLegendre16.Nodes[i]);
                x[i] = left.X + offset;
                complement[i] = left.Complement - offset;
            }

            posteriors.LogDensities(x, complement, density);
            if (!Exponentiate(count, half, density, active))
            {
                continue;
            }

            Accumulate(count, half, density, active, running, mass);
            AddPanel(count, half, density, running, prefix, wins);
            for (int k = 0; k < count; k++)
            {
                double total = 0;
                ReadOnlySpan<double> row = density.AsSpan(k * Nodes, Nodes);
                for (int i = 0; i < Nodes; i++)
                {
                    total += GaussLegendre16.Weights[i] * row[i];
                }

                mass[k] += half * total;
            }
        }

        if (near1)
        {
            AddNear1(posteriors, points[^1].Complement, wins, mass);
        }

        // Each arm's computed total is its normalising constant; dividing by their product turns the scaled integrals
        // into probabilities that sum to 1 exactly as far as the quadrature is consistent.
        double logTotal = 0;
        for (int k = 0; k < count; k++)
        {
            logTotal += Math.Log(mass[k]);
        }

        for (int k = 0; k < count; k++)
        {
            wins[k] = wins[k] > 0 ? Math.Min(Math.Exp(Math.Log(wins[k]) - logTotal), 1) : 0;
        }

        return wins;
    }

    // Where many arms overlap their split points crowd together, far closer than 16 nodes need to resolve any of the
    // densities: a point closer to the last one kept than half the narrowest arm's deviation and a tenth of its own
    // distance to the near end of [0, 1] is dropped, so the points graded towards an end, spaced by that distance, stay.
    private static void Thin(List<SplitPoint> points, ArmPosteriors posteriors)
    {
        double spacing = posteriors.SmallestDeviation / 2;
        int kept = 0;
        for (int p = 0; p < points.Count; p++)
        {
            if (p > 0 && p < points.Count - 1)
            {
                SplitPoint last = points[kept - 1], point = points[p];
                double gap = point.X - last.X;
                bool upper = posteriors.HasUnitSupport && last.X >= 0.5;
                double toEnd = !posteriors.HasUnitSupport ? double.PositiveInfinity : upper ? point.Complement : last.X;
                if (upper)
                {
                    gap = last.Complement - point.Complement;
                }

                if (gap < spacing && gap < toEnd / 10)
                {
                    continue;
                }
            }

            points[kept++] = points[p];
        }

        points.RemoveRange(kept, points.Count - kept);
    }

    // Every density is scaled to a total near 1, so an arm whose density times the panel's width stays below e⁻⁴⁶ ≈ 1e-20
    // there changes no probability by more than that: its row is set to 0 and its distribution function held, which
    // spares the panels in the far tails (most of them) the exponentials and the cumulative sums. Returns whether any
    // arm is active in the panel.
    private static bool Exponentiate(int count, double half, double[] density, bool[] active)
    {
        double threshold = NegligibleLogMass - Math.Log(half);
        bool any = false;
        for (int k = 0; k < count; k++)
        {
            Span<double> row = density.AsSpan(k * Nodes, Nodes);
            double largest = double.NegativeInfinity;
            foreach (double value in row)
            {
                largest = Math.Max(largest, value);
            }

            active[k] = largest > threshold;
            any |= active[k];
            for (int i = 0; i < Nodes; i++)
            {
                row[i] = active[k] ? Math.Exp(row[i]) : 0;
            }
        }

        return any;
    }

    // running[j * Nodes + i] = Fⱼ at node i: the mass left of the panel plus the interpolant's integral up to the node.
    private static void Accumulate(int count, double half, double[] density, bool[] active, double[] running, double[] mass)
    {
        for (int j = 0; j < count; j++)
        {
            if (!active[j])
            {
                running.AsSpan(j * Nodes, Nodes).Fill(mass[j]);
                continue;
            }

            ReadOnlySpan<double> row = density.AsSpan(j * Nodes, Nodes);
            Span<double> output = running.AsSpan(j * Nodes, Nodes);
            // 16 nodes are a whole number of vectors at every width .NET has (2, 4 or 8 doubles).
            Span<Vector<double>> sums = MemoryMarshal.Cast<double, Vector<double>>(output);
            sums.Clear();
            for (int m = 0; m < Nodes; m++)
            {
                var value = new Vector<double>(row[m]);
                ReadOnlySpan<Vector<double>> column = MemoryMarshal.Cast<double, Vector<double>>(GaussLegendre16.Cumulative.AsSpan(m * Nodes, Nodes));
                for (int v = 0; v < sums.Length; v++)
                {
                    sums[v] += column[v] * value;
                }
            }

            for (int i = 0; i < Nodes; i++)
            {
                // The interpolant of a steep density may dip below zero; a distribution function cannot.
                output[i] = Math.Max(mass[j] + (half * output[i]), 0);
            }
        }
    }

    // At every node, ∏_{j≠k} Fⱼ from a prefix and a suffix product: no division, so an Fⱼ of 0 is no special case.
    private static void AddPanel(int count, double half, double[] density, double[] running, double[] prefix, double[] wins)
    {
        for (int i = 0; i < Nodes; i++)
        {
            prefix[0] = 1;
            for (int j = 0; j < count; j++)
            {
                prefix[j + 1] = prefix[j] * running[(j * Nodes) + i];
            }

            double suffix = 1;
            double weight = half * GaussLegendre16.Weights[i];
            for (int k = count - 1; k >= 0; k--)
            {
                wins[k] += weight * density[(k * Nodes) + i] * prefix[k] * suffix;
                suffix *= running[(k * Nodes) + i];
            }
        }
    }

    // On [0, ε] every density is its leading term Kₖ x^(αₖ−1), so Fⱼ = Kⱼ x^αⱼ / αⱼ and the product integrates in closed
    // form: ∫₀^ε Kₖ x^(αₖ−1) ∏_{j≠k} Kⱼ x^αⱼ / αⱼ dx = ∏ Kⱼ / ∏_{j≠k} αⱼ · ε^A / A with A = Σ αⱼ.
    private static void AddNear0(ArmPosteriors posteriors, double epsilon, double[] wins, double[] mass)
    {
        int count = posteriors.Count;
        double exponent = 0, logProduct = 0;
        for (int j = 0; j < count; j++)
        {
            mass[j] = Math.Exp(posteriors.LogMassNear0(j, epsilon));
            exponent += posteriors.ExponentNear0(j);
            logProduct += posteriors.LogMassNear0(j, epsilon);
        }

        // ∏ₖ Fₖ(ε) = ∏ Kⱼ ε^A / ∏ αⱼ, so arm k's piece is that product times αₖ / A.
        for (int k = 0; k < count; k++)
        {
            wins[k] = Math.Exp(logProduct + Math.Log(posteriors.ExponentNear0(k)) - Math.Log(exponent));
        }
    }

    // On [1 − δ, 1] the other arms' Fⱼ are within their own tiny mass there of their value at 1 − δ.
    private static void AddNear1(ArmPosteriors posteriors, double delta, double[] wins, double[] mass)
    {
        int count = posteriors.Count;
        Span<double> tail = count <= 64 ? stackalloc double[count] : new double[count];
        for (int k = 0; k < count; k++)
        {
            tail[k] = Math.Exp(posteriors.LogMassNear1(k, delta));
        }

        for (int k = 0; k < count; k++)
        {
            double others = 1;
            for (int j = 0; j < count; j++)
            {
                others *= j == k ? 1 : mass[j];
            }

            wins[k] += tail[k] * others;
        }

        for (int k = 0; k < count; k++)
        {
            mass[k] += tail[k];
        }
    }
}
