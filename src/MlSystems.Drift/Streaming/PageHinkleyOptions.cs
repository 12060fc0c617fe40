namespace MlSystems.Drift;

/// <summary>Options of <see cref="PageHinkley"/>.</summary>
public sealed class PageHinkleyOptions
{
    /// <summary>Values seen before the detector may signal; default 30.</summary>
    public int MinInstances { get; init; } = 30;

    /// <summary>The magnitude of change tolerated without accumulating evidence (δ); default 0.005.</summary>
    public double Delta { get; init; } = 0.005;

    /// <summary>The accumulated deviation that signals drift (λ); default 50.</summary>
    public double Threshold { get; init; } = 50;

    /// <summary>The forgetting factor applied to the cumulative sums each update, in (0, 1]; default 0.9999.</summary>
    public double ForgettingFactor { get; init; } = 0.9999;

    /// <summary>Which direction of change to detect; default both.</summary>
    public PageHinkleyDirection Direction { get; init; } = PageHinkleyDirection.Both;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MinInstances < 1)
        {
            throw new ArgumentException($"MinInstances must be at least 1, not {MinInstances}.", nameof(MinInstances));
        }

        if (!(Delta >= 0) || double.IsInfinity(Delta))
        {
            throw new ArgumentException($"Delta must be finite and non-negative, not {Delta}.", nameof(Delta));
        }

        if (!(Threshold > 0) || double.IsInfinity(Threshold))
        {
            throw new ArgumentException($"Threshold must be positive and finite, not {Threshold}.", nameof(Threshold));
        }

        if (!(ForgettingFactor > 0 && ForgettingFactor <= 1))
        {
            throw new ArgumentException($"ForgettingFactor must lie in (0, 1], not {ForgettingFactor}.", nameof(ForgettingFactor));
        }

        if (!Enum.IsDefined(Direction))
        {
            throw new ArgumentException($"Unknown direction {Direction}.", nameof(Direction));
        }
    }
}
