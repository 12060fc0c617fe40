namespace MlSystems.Rollout;

/// <summary>Normal(μₖ, σₖ²) posteriors, as the Gaussian Thompson policy keeps them.</summary>
internal sealed class NormalArmPosteriors : ArmPosteriors
{
    // A normal's mass beyond 16σ is below 1e-57; the spacing doubles outward as the density's curvature allows.
    private static readonly double[] Spreads = [0, -1, 1, -2, 2, -4, 4, -8, 8, -16, 16];

    private readonly double[] mean;
    private readonly double[] deviation;

    /// <summary>Creates the posteriors.</summary>
    /// <param name="mean">Every arm's mean, finite.</param>
    /// <param name="deviation">Every arm's standard deviation, positive and finite.</param>
    public NormalArmPosteriors(double[] mean, double[] deviation)
    {
        this.mean = mean;
        this.deviation = deviation;
    }

    /// <inheritdoc/>
    public override int Count => mean.Length;

    /// <inheritdoc/>
    public override double SmallestDeviation => deviation.Min();

    /// <inheritdoc/>
    public override bool HasUnitSupport => false;

    /// <inheritdoc/>
    public override (bool Near0, bool Near1) AddSplitPoints(List<SplitPoint> points)
    {
        for (int k = 0; k < Count; k++)
        {
            foreach (double c in Spreads)
            {
                points.Add(SplitPoint.At(mean[k] + (c * deviation[k])));
            }
        }

        return (false, false);
    }

    /// <inheritdoc/>
    public override double LargestLogDensity(SplitPoint left, SplitPoint right)
    {
        double largest = double.NegativeInfinity;
        for (int k = 0; k < Count; k++)
        {
            double m = mean[k], s = deviation[k];
            double nearest = Math.Clamp(m, left.X, right.X);
            double z = (nearest - m) / s;
            largest = Math.Max(largest, -Math.Log(s * Math.Sqrt(2 * Math.PI)) - (0.5 * z * z));
        }

        return largest;
    }

    /// <inheritdoc/>
    public override void LogDensities(ReadOnlySpan<double> x, ReadOnlySpan<double> complement, Span<double> logDensity)
    {
        int nodes = x.Length;
        for (int k = 0; k < Count; k++)
        {
            double m = mean[k], s = deviation[k], shift = -Math.Log(s * Math.Sqrt(2 * Math.PI));
            Span<double> row = logDensity.Slice(k * nodes, nodes);
            for (int i = 0; i < nodes; i++)
            {
                double z = (x[i] - m) / s;
                row[i] = shift - (0.5 * z * z);
            }
        }
    }
}
