namespace MlSystems.Rollout;

/// <summary>
/// The exact probability that each arm's Thompson draw is the largest, P(k) = ∫ fₖ(x) ∏_{j≠k} Fⱼ(x) dx, for independent
/// posteriors: the integral every draw-based estimate approximates, computed once per state instead of per request.
/// </summary>
/// <remarks>
/// Composite 16-point Gauss–Legendre on panels split around every arm's bulk; each Fⱼ is integrated alongside from the
/// same density values by the rule's spectral cumulative matrix, so no incomplete-beta or error-function evaluation is
/// needed and every Fⱼ is consistent with its fⱼ (the probabilities then sum to 1 to rounding, whatever the shapes).
/// Densities are handled up to a per-arm constant and normalised by their computed totals at the end.
/// </remarks>
internal static class WinProbabilities
{
    private const int Nodes = GaussLegendre16.Count;

    /// <summary>Computes every arm's win probability.</summary>
    /// <param name="posteriors">The arms' posteriors.</param>
    /// <returns>One probability per arm, each in [0, 1].</returns>
    public static double[] Compute(ArmPosteriors posteriors)
    {
        int count = posteriors.Count;
        var points = new List<SplitPoint>(count * 16);
        (bool near0, bool near1) = posteriors.AddSplitPoints(points);
        points.Sort();

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
        for (int p = 1; p < points.Count; p++)
        {
            SplitPoint left = points[p - 1], right = points[p];

            // Near 1 the complement carries the precision, so the panel's width comes from it there.
            double half = posteriors.HasUnitSupport && left.X >= 0.5 ? (left.Complement - right.Complement) / 2 : (right.X - left.X) / 2;
            if (!(half > 0))
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
            for (int j = 0; j < density.Length; j++)
            {
                density[j] = Math.Exp(density[j]);
            }

            Accumulate(count, half, density, running, mass);
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

    // running[j * Nodes + i] = Fⱼ at node i: the mass left of the panel plus the interpolant's integral up to the node.
    private static void Accumulate(int count, double half, double[] density, double[] running, double[] mass)
    {
        for (int j = 0; j < count; j++)
        {
            ReadOnlySpan<double> row = density.AsSpan(j * Nodes, Nodes);
            for (int i = 0; i < Nodes; i++)
            {
                ReadOnlySpan<double> weights = GaussLegendre16.Cumulative.AsSpan(i * Nodes, Nodes);
                double sum = 0;
                for (int m = 0; m < Nodes; m++)
                {
                    sum += weights[m] * row[m];
                }

                // The interpolant of a steep density may dip below zero; a distribution function cannot.
                running[(j * Nodes) + i] = Math.Max(mass[j] + (half * sum), 0);
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
