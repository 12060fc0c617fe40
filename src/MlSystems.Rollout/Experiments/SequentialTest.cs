namespace MlSystems.Rollout;

/// <summary>
/// The mixture sequential probability ratio test (mSPRT) for a difference in means: p-values that stay valid however
/// often they are looked at, so an experiment can be checked after every request and stopped as soon as it is
/// significant without inflating false positives beyond alpha.
/// </summary>
/// <remarks>
/// <para>With θ̂ the difference in means, V = s₁²/n₁ + s₂²/n₂ its variance and a N(0, τ²) mixture over the effect,
/// Λ = √(V / (V + τ²)) · exp(τ²θ̂² / (2V(V + τ²))) (Johari, Pekelis and Walsh, "Always Valid Inference"). Under no
/// effect Λ is a martingale with mean 1, so P(Λ ever ≥ 1/α) ≤ α; the p-value is min over looks of 1/Λ.</para>
/// <para>τ is the effect size the test is tuned to find fastest; set it to the smallest difference worth acting on.
/// The guarantee holds for any τ, only the speed changes. Variances are estimated from the data, which is accurate
/// once each arm has some tens of observations; looks before <see cref="MinimumCount"/> per arm are ignored.</para>
/// <para>Thread-safe: concurrent looks serialise.</para>
/// </remarks>
public sealed class SequentialTest
{
    /// <summary>Looks with fewer observations per arm than this leave the p-value at its previous value; 10.</summary>
    public const int MinimumCount = 10;

    private readonly object gate = new();
    private double pValue = 1;

    /// <summary>Creates a test tuned to effects of size <paramref name="mixtureStandardDeviation"/>.</summary>
    /// <param name="mixtureStandardDeviation">τ, in the outcome's units; positive and finite.</param>
    /// <param name="alpha">The significance level; default 0.05.</param>
    /// <exception cref="ArgumentOutOfRangeException">τ is not positive and finite, or alpha is outside (0, 1).</exception>
    public SequentialTest(double mixtureStandardDeviation, double alpha = ExperimentStatistics.DefaultAlpha)
    {
        if (!(mixtureStandardDeviation > 0) || !double.IsFinite(mixtureStandardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(mixtureStandardDeviation), mixtureStandardDeviation, "τ must be positive and finite.");
        }

        RolloutArguments.Probability(alpha, nameof(alpha));
        MixtureVariance = mixtureStandardDeviation * mixtureStandardDeviation;
        Alpha = alpha;
    }

    /// <summary>τ², the variance of the mixture over effects.</summary>
    public double MixtureVariance { get; }

    /// <summary>The significance level.</summary>
    public double Alpha { get; }

    /// <summary>The always-valid p-value so far (1 before the first informative look).</summary>
    public double PValue
    {
        get
        {
            lock (gate)
            {
                return pValue;
            }
        }
    }

    /// <summary>Looks at the data so far (cumulative summaries of both arms) and updates the p-value.</summary>
    /// <exception cref="ArgumentException">A summary has a negative count, a non-finite mean or a negative variance.</exception>
    public SequentialResult Update(ArmSummary control, ArmSummary treatment)
    {
        Validate(control, nameof(control));
        Validate(treatment, nameof(treatment));
        double difference = treatment.Mean - control.Mean;
        if (control.Count < MinimumCount || treatment.Count < MinimumCount)
        {
            lock (gate)
            {
                return new SequentialResult(difference, 1, pValue, double.NegativeInfinity, double.PositiveInfinity, pValue < Alpha);
            }
        }

        double v = (control.Variance / control.Count) + (treatment.Variance / treatment.Count);

        // Zero variance in both arms: a difference is certain, none is no evidence.
        v = Math.Max(v, double.Epsilon);
        double t2 = MixtureVariance;
        double logLambda = (0.5 * Math.Log(v / (v + t2))) + (t2 * difference * difference / (2 * v * (v + t2)));
        double lambda = Math.Exp(logLambda);

        // The confidence sequence: every θ whose own Λ(θ) stays below 1/α.
        double half = Math.Sqrt(2 * v * (v + t2) / t2 * (Math.Log(1 / Alpha) + (0.5 * Math.Log((v + t2) / v))));
        lock (gate)
        {
            pValue = Math.Min(pValue, Math.Min(1, Math.Exp(-logLambda)));
            return new SequentialResult(difference, lambda, pValue, difference - half, difference + half, pValue < Alpha);
        }
    }

    private static void Validate(ArmSummary arm, string name)
    {
        if (arm.Count < 0 || (arm.Count > 0 && !double.IsFinite(arm.Mean)) || !(arm.Variance >= 0) || !double.IsFinite(arm.Variance))
        {
            throw new ArgumentException($"The {name} summary is invalid (count {arm.Count}, mean {arm.Mean}, variance {arm.Variance}).", name);
        }
    }
}
