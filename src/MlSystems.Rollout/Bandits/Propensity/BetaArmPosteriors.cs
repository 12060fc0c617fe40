namespace MlSystems.Rollout;

/// <summary>Beta(αₖ, βₖ) posteriors, as the Bernoulli Thompson policy keeps them.</summary>
internal sealed class BetaArmPosteriors : ArmPosteriors
{
    // Multiples of an arm's standard deviation to split at. A Beta with α, β ≥ 1 is log-concave, so its mass beyond 64σ
    // is below e⁻⁶³; the spacing doubles outward because an exponential tail (α = 1, β large) still needs panels there.
    private static readonly double[] Spreads = [0, -2, 2, -4, 4, -8, 8, -16, 16, -32, 32, -64, 64];

    // Towards a clipped end the panels shrink by 4 per step (16 Gauss–Legendre nodes integrate x^(α−1) on [a, 4a] to
    // rounding, whatever α), from the clipped arm's mean. Towards 0, 30 steps leave ε ≈ 1e-18 of it, where every density is its leading
    // term x^(α−1) and the closing piece is exact. Towards 1 the closing piece is exact only to first order in the arms'
    // tails there, so the steps go on until every tail δ^β is below 1e-18, that is δ = 10^(−18/β), which double precision
    // reaches (δ ≥ 1e-300) for β ≥ 0.06; the end at 0 sets no such bound, but α and β are symmetric under relabelling
    // success and failure: hence the policy's smallest prior for both, 0.1.
    private const int GradedSteps = 30;
    private const double GradedRatio = 0.25;
    private const double LogNegligibleTail = -18 * 2.302585092994046;
    private const double LogSmallestComplement = -300 * 2.302585092994046;

    private readonly double[] alpha;
    private readonly double[] beta;
    private readonly double[] mean;
    private readonly double[] complementOfMean;
    private readonly double[] deviation;
    private readonly double[] logShift;

    /// <summary>Creates the posteriors.</summary>
    /// <param name="alpha">Every arm's α, positive and finite.</param>
    /// <param name="beta">Every arm's β, positive and finite.</param>
    public BetaArmPosteriors(double[] alpha, double[] beta)
    {
        this.alpha = alpha;
        this.beta = beta;
        int count = alpha.Length;
        mean = new double[count];
        complementOfMean = new double[count];
        deviation = new double[count];
        logShift = new double[count];
        for (int k = 0; k < count; k++)
        {
            double a = alpha[k], b = beta[k], n = a + b;
            mean[k] = a / n;
            complementOfMean[k] = b / n;
            deviation[k] = Math.Sqrt(a * b / (n * n * (n + 1)));

            // The density relative to its value at the mean, divided by σ√(2π): about 1 in total for a concentrated arm, so
            // the product of many arms' distribution functions neither overflows nor underflows before normalisation. A
            // prior-only arm with α, β near 0.1 totals about 5, so the product overflows past about 440 such arms.
            logShift[k] = -((a - 1) * Math.Log(mean[k])) - ((b - 1) * Math.Log(complementOfMean[k])) - Math.Log(deviation[k] * Math.Sqrt(2 * Math.PI));
        }
    }

    /// <inheritdoc/>
    public override int Count => alpha.Length;

    /// <inheritdoc/>
    public override double SmallestDeviation => deviation.Min();

    /// <inheritdoc/>
    public override bool HasUnitSupport => true;

    /// <inheritdoc/>
    public override (bool Near0, bool Near1) AddSplitPoints(List<SplitPoint> points)
    {
        bool anyAt0 = false, anyAt1 = false;
        for (int k = 0; k < Count; k++)
        {
            bool clippedAt0 = false, clippedAt1 = false;
            foreach (double c in Spreads)
            {
                double x = mean[k] + (c * deviation[k]);
                double complement = complementOfMean[k] - (c * deviation[k]);
                if (x <= 0)
                {
                    clippedAt0 = true;
                }
                else if (complement <= 0)
                {
                    clippedAt1 = true;
                }
                else
                {
                    points.Add(new SplitPoint(x, complement));
                }
            }

            // Where an arm's bulk reaches an end, its density there may be singular (α or β below 1) or not smooth
            // (non-integer): geometric panels from its mean to the end resolve it, the last piece closed by the leading
            // term. Grading from the arm's own mean, not from the point nearest the end, matters: a spread point may
            // land within 1e-19 of the end, and one panel from there to the bulk would not resolve x^(α−1).
            if (clippedAt0)
            {
                AddGraded(points, mean[k], GradedSteps, towardsOne: false);
            }

            if (clippedAt1)
            {
                double logTarget = Math.Max(LogNegligibleTail / beta[k], LogSmallestComplement);
                int steps = Math.Max(GradedSteps, (int)Math.Ceiling((logTarget - Math.Log(complementOfMean[k])) / Math.Log(GradedRatio)));
                AddGraded(points, complementOfMean[k], steps, towardsOne: true);
            }

            anyAt0 |= clippedAt0;
            anyAt1 |= clippedAt1;
        }

        return (anyAt0, anyAt1);
    }

    private static void AddGraded(List<SplitPoint> points, double distance, int steps, bool towardsOne)
    {
        for (int step = 0; step < steps; step++)
        {
            distance *= GradedRatio;
            points.Add(towardsOne ? new SplitPoint(1 - distance, distance) : new SplitPoint(distance, 1 - distance));
        }
    }

    /// <inheritdoc/>
    public override void LogDensities(ReadOnlySpan<double> x, ReadOnlySpan<double> complement, Span<double> logDensity)
    {
        int nodes = x.Length;
        Span<double> logX = stackalloc double[nodes];
        Span<double> logComplement = stackalloc double[nodes];
        for (int i = 0; i < nodes; i++)
        {
            logX[i] = Math.Log(x[i]);
            logComplement[i] = Math.Log(complement[i]);
        }

        for (int k = 0; k < Count; k++)
        {
            double a = alpha[k] - 1, b = beta[k] - 1, shift = logShift[k];
            Span<double> row = logDensity.Slice(k * nodes, nodes);
            for (int i = 0; i < nodes; i++)
            {
                row[i] = shift + (a * logX[i]) + (b * logComplement[i]);
            }
        }
    }

    /// <inheritdoc/>
    public override double LargestLogDensity(SplitPoint left, SplitPoint right)
    {
        double logLeftX = Math.Log(left.X), logLeftComplement = Math.Log(left.Complement);
        double logRightX = Math.Log(right.X), logRightComplement = Math.Log(right.Complement);
        double largest = double.NegativeInfinity;
        for (int k = 0; k < Count; k++)
        {
            double a = alpha[k] - 1, b = beta[k] - 1;
            largest = Math.Max(largest, logShift[k] + Math.Max((a * logLeftX) + (b * logLeftComplement), (a * logRightX) + (b * logRightComplement)));

            // The mode, where α, β > 1 put one inside (0, 1); elsewhere the only stationary point is a minimum.
            if (a > 0 && b > 0)
            {
                double mode = a / (a + b);
                if (mode > left.X && mode < right.X)
                {
                    largest = Math.Max(largest, logShift[k] + (a * Math.Log(mode)) + (b * Math.Log(b / (a + b))));
                }
            }
        }

        return largest;
    }

    /// <inheritdoc/>
    // Near 0 the density is x^(α−1) (1 − x)^(β−1) ≈ x^(α−1): its mass on [0, x] is x^α / α, up to a relative (β − 1)x.
    public override double LogMassNear0(int arm, double x) => logShift[arm] + (alpha[arm] * Math.Log(x)) - Math.Log(alpha[arm]);

    /// <inheritdoc/>
    public override double ExponentNear0(int arm) => alpha[arm];

    /// <inheritdoc/>
    public override double LogMassNear1(int arm, double complement) => logShift[arm] + (beta[arm] * Math.Log(complement)) - Math.Log(beta[arm]);
}
