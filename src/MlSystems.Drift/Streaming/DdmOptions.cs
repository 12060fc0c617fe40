namespace MlSystems.Drift;

/// <summary>Options of <see cref="Ddm"/>.</summary>
public sealed class DdmOptions
{
    /// <summary>Predictions seen before the detector may signal; default 30.</summary>
    public int MinInstances { get; init; } = 30;

    /// <summary>Standard deviations above the best error rate that raise a warning; default 2.</summary>
    public double WarningThreshold { get; init; } = 2;

    /// <summary>Standard deviations above the best error rate that signal drift; default 3.</summary>
    public double DriftThreshold { get; init; } = 3;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MinInstances < 1)
        {
            throw new ArgumentException($"MinInstances must be at least 1, not {MinInstances}.", nameof(MinInstances));
        }

        if (!(WarningThreshold > 0) || double.IsInfinity(WarningThreshold))
        {
            throw new ArgumentException($"WarningThreshold must be positive and finite, not {WarningThreshold}.", nameof(WarningThreshold));
        }

        if (!(DriftThreshold > WarningThreshold) || double.IsInfinity(DriftThreshold))
        {
            throw new ArgumentException($"DriftThreshold must be finite and above WarningThreshold, not {DriftThreshold}.", nameof(DriftThreshold));
        }
    }
}
