namespace MlSystems.Drift;

/// <summary>Options of <see cref="Kswin"/>.</summary>
public sealed class KswinOptions
{
    /// <summary>The significance level of each KS test; default 0.005.</summary>
    public double Alpha { get; init; } = 0.005;

    /// <summary>The sliding window's length; default 100.</summary>
    public int WindowSize { get; init; } = 100;

    /// <summary>The length of the recent part tested against a sample of the older part; default 30.</summary>
    public int StatSize { get; init; } = 30;

    /// <summary>The smallest KS statistic that counts as drift, beside the p-value; default 0.1.</summary>
    public double MinimumStatistic { get; init; } = 0.1;

    /// <summary>Seed of the sampling of the older part; default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentException($"Alpha must lie in (0, 1), not {Alpha}.", nameof(Alpha));
        }

        if (StatSize < 2)
        {
            throw new ArgumentException($"StatSize must be at least 2, not {StatSize}.", nameof(StatSize));
        }

        if (WindowSize < 2 * StatSize)
        {
            throw new ArgumentException($"WindowSize must be at least twice StatSize ({2 * StatSize}), not {WindowSize}.", nameof(WindowSize));
        }

        if (!(MinimumStatistic >= 0 && MinimumStatistic < 1))
        {
            throw new ArgumentException($"MinimumStatistic must lie in [0, 1), not {MinimumStatistic}.", nameof(MinimumStatistic));
        }
    }
}
