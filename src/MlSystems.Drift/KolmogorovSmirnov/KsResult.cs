using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>The outcome of a two-sample Kolmogorov–Smirnov test, field for field what scipy's <c>ks_2samp</c> returns.</summary>
public sealed class KsResult
{
    internal KsResult(double statistic, double pValue, double location, int sign, KsMethod method, KsAlternative alternative, long referenceCount, long currentCount, double alpha)
    {
        Statistic = statistic;
        PValue = pValue;
        StatisticLocation = location;
        StatisticSign = sign;
        Method = method;
        Alternative = alternative;
        ReferenceCount = referenceCount;
        CurrentCount = currentCount;
        Alpha = alpha;
    }

    /// <summary>The result of a test on a sample holding NaN under <see cref="Statistics.NaNPolicy.Propagate"/>.</summary>
    internal static KsResult NotANumber(KsMethod method, KsAlternative alternative, long n1, long n2, double alpha) =>
        new(double.NaN, double.NaN, double.NaN, 0, method, alternative, n1, n2, alpha);

    /// <summary>
    /// The KS statistic. After an exact computation it is rounded to the lattice h / lcm(n₁, n₂) it was tested at, as
    /// scipy reports it.
    /// </summary>
    public double Statistic { get; }

    /// <summary>
    /// The p-value, in [0, 1]; NaN when a sample held NaN under <see cref="Statistics.NaNPolicy.Propagate"/>, and where
    /// scipy returns NaN too (both samples of size 1 under the asymptotic method).
    /// </summary>
    public double PValue { get; }

    /// <summary>The observed value at which the ECDF gap reaches the statistic.</summary>
    public double StatisticLocation { get; }

    /// <summary>+1 when the statistic is max (F_ref − F_cur), −1 when it is max (F_cur − F_ref).</summary>
    public int StatisticSign { get; }

    /// <summary>The method that produced <see cref="PValue"/>: <see cref="KsMethod.Exact"/> or <see cref="KsMethod.Asymptotic"/> (never Auto).</summary>
    public KsMethod Method { get; }

    /// <summary>The alternative hypothesis tested.</summary>
    public KsAlternative Alternative { get; }

    /// <summary>The reference sample size.</summary>
    public long ReferenceCount { get; }

    /// <summary>The current sample size.</summary>
    public long CurrentCount { get; }

    /// <summary>The significance level of <see cref="Drifted"/>.</summary>
    public double Alpha { get; }

    /// <summary>True when <see cref="PValue"/> &lt; <see cref="Alpha"/>.</summary>
    public bool Drifted => PValue < Alpha;

    /// <summary>This result in the common form the drift report uses; the effect size is the statistic (a distance between CDFs).</summary>
    public DriftTestResult ToDriftTestResult() => new()
    {
        TestName = DriftTestNames.KolmogorovSmirnov,
        Statistic = Statistic,
        PValue = PValue,
        EffectSize = Statistic,
        ReferenceCount = ReferenceCount,
        CurrentCount = CurrentCount,
        Threshold = Alpha,
        Details = new Dictionary<string, double> { ["location"] = StatisticLocation, ["sign"] = StatisticSign },
    };
}
