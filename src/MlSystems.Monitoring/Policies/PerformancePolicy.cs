namespace MlSystems.Monitoring;

/// <summary>How the monitor judges a version's performance as delayed labels arrive.</summary>
/// <remarks>
/// Each label is joined to its logged prediction and scored by <see cref="Loss"/> (lower is better). The version's
/// baseline is its registry metric named <see cref="MetricName"/>, measured on held-out data when it was trained. The
/// version has decayed when, over its last <see cref="WindowSize"/> labels (at least <see cref="MinimumLabels"/>), the
/// one-sided lower confidence bound of the mean loss at level <see cref="Alpha"/> exceeds the baseline plus
/// <see cref="MaximumIncrease"/>; a mean above that line without significance is only a warning.
/// </remarks>
public sealed class PerformancePolicy
{
    /// <summary>The registry metric holding each version's baseline loss; not empty; default <c>loss</c>.</summary>
    public string MetricName { get; set; } = "loss";

    /// <summary>The loss of one prediction given its label; must return a finite value; default the absolute error
    /// |prediction − label|. For a probability and a 0/1 label the Brier score is <c>(p, y) =&gt; (p - y) * (p - y)</c>.</summary>
    public Func<double, double, double> Loss { get; set; } = static (prediction, label) => Math.Abs(prediction - label);

    /// <summary>The tolerated increase of the mean loss over the baseline, in loss units; finite and not negative; default 0.02.</summary>
    public double MaximumIncrease { get; set; } = 0.02;

    /// <summary>Labels needed before decay can be declared; at least 2; default 500.</summary>
    public int MinimumLabels { get; set; } = 500;

    /// <summary>The most recent labels judged, per version; at least <see cref="MinimumLabels"/>; default 5000.</summary>
    public int WindowSize { get; set; } = 5000;

    /// <summary>The one-sided level of the decay test, in (0, 0.5]; default 0.05.</summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>A copy, so the options a monitor runs with cannot be changed under it.</summary>
    internal PerformancePolicy Clone() => (PerformancePolicy)MemberwiseClone();
}
