namespace MlSystems.Drift;

/// <summary>Options of <see cref="Adwin"/>.</summary>
public sealed class AdwinOptions
{
    /// <summary>The confidence δ of each cut: the probability of shrinking the window when nothing changed; default 0.002.</summary>
    public double Delta { get; init; } = 0.002;

    /// <summary>How often, in updates, the window is checked for a cut; default 32. Larger is cheaper and slower to react.</summary>
    public int Clock { get; init; } = 32;

    /// <summary>Buckets kept per row of the exponential histogram before two merge; default 5. Larger is more precise and uses more memory.</summary>
    public int MaxBuckets { get; init; } = 5;

    /// <summary>The smallest sub-window either side of a cut; default 5.</summary>
    public int MinWindowLength { get; init; } = 5;

    /// <summary>Values seen before the first check; default 10.</summary>
    public int GracePeriod { get; init; } = 10;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(Delta > 0 && Delta < 1))
        {
            throw new ArgumentException($"Delta must lie in (0, 1), not {Delta}.", nameof(Delta));
        }

        if (Clock < 1)
        {
            throw new ArgumentException($"Clock must be at least 1, not {Clock}.", nameof(Clock));
        }

        if (MaxBuckets < 2)
        {
            throw new ArgumentException($"MaxBuckets must be at least 2, not {MaxBuckets}.", nameof(MaxBuckets));
        }

        if (MinWindowLength < 1)
        {
            throw new ArgumentException($"MinWindowLength must be at least 1, not {MinWindowLength}.", nameof(MinWindowLength));
        }

        if (GracePeriod < 1)
        {
            throw new ArgumentException($"GracePeriod must be at least 1, not {GracePeriod}.", nameof(GracePeriod));
        }
    }
}
