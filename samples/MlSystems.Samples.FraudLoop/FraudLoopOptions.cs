namespace MlSystems.Samples.FraudLoop;

/// <summary>The simulation's shape; the defaults are the README's run.</summary>
internal sealed record FraudLoopOptions
{
    /// <summary>Simulated hours of serving; default 96 (four days).</summary>
    public int Hours { get; init; } = 96;

    /// <summary>Hours of labelled history the first model trains on; default 48.</summary>
    public int HistoryHours { get; init; } = 48;

    /// <summary>Transactions scored per simulated hour; default 6000.</summary>
    public int TransactionsPerHour { get; init; } = 6000;

    /// <summary>The hour the holiday season (covariate shift) starts; default 24.</summary>
    public int HolidayStartsAt { get; init; } = 24;

    /// <summary>The hour the fraud ring (concept shift) starts; default 60.</summary>
    public int FraudRingStartsAt { get; init; } = 60;

    /// <summary>How late the chargeback labels arrive; default 3 hours.</summary>
    public TimeSpan LabelDelay { get; init; } = TimeSpan.FromHours(3);

    /// <summary>How far back retraining reads labelled data; default 12 hours.</summary>
    public TimeSpan TrainingWindow { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Hours between status lines; default 12.</summary>
    public int StatusEveryHours { get; init; } = 12;

    /// <summary>Where the registry, the profiles and the drift report are written (emptied first); default <c>mlsystems-sample-output</c>.</summary>
    public string OutputDirectory { get; init; } = "mlsystems-sample-output";

    /// <summary>The seed of the synthetic transactions; default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The world transactions come from during <paramref name="hour"/> (from 1): the holiday after
    /// <see cref="HolidayStartsAt"/>, the fraud ring after <see cref="FraudRingStartsAt"/>.</summary>
    public Regime RegimeAt(int hour) => hour > FraudRingStartsAt ? Regime.FraudRing : hour > HolidayStartsAt ? Regime.Holiday : Regime.Normal;

    /// <summary>Throws when a count or span cannot make a run.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the parameter name says which.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Hours, 1, nameof(Hours));
        ArgumentOutOfRangeException.ThrowIfLessThan(HistoryHours, 1, nameof(HistoryHours));
        ArgumentOutOfRangeException.ThrowIfLessThan(TransactionsPerHour, 2, nameof(TransactionsPerHour));
        ArgumentOutOfRangeException.ThrowIfLessThan(StatusEveryHours, 1, nameof(StatusEveryHours));
        ArgumentOutOfRangeException.ThrowIfLessThan(LabelDelay, TimeSpan.Zero, nameof(LabelDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TrainingWindow, TimeSpan.Zero, nameof(TrainingWindow));
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputDirectory, nameof(OutputDirectory));
    }
}
