namespace MlSystems.Drift;

/// <summary>
/// A detector of change in a stream of numbers — a feature, a prediction score, or a model's error indicator (1 for a
/// wrong prediction, 0 for a right one) — updated one value at a time.
/// </summary>
/// <remarks>
/// <see cref="DriftDetected"/> and <see cref="WarningDetected"/> describe the most recent <see cref="Update"/>: a
/// detector that signals drift forgets the data before the change and starts learning the new regime, so the flag is
/// set for one update. Implementations allocate nothing per update and are not thread-safe.
/// </remarks>
public interface IStreamingDriftDetector
{
    /// <summary>The detector's registered name, for example <c>adwin</c>.</summary>
    string Name { get; }

    /// <summary>True when the last update signalled a change.</summary>
    bool DriftDetected { get; }

    /// <summary>True when the last update signalled a possible change not yet confirmed (detectors without a warning zone never set it).</summary>
    bool WarningDetected { get; }

    /// <summary>The number of values seen since the detector was created or last reset.</summary>
    long Count { get; }

    /// <summary>Feeds one value.</summary>
    /// <param name="value">A finite value (an error indicator must be 0 or 1 for detectors that say so).</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN, infinite, or outside the detector's domain.</exception>
    void Update(double value);

    /// <summary>Forgets everything seen so far.</summary>
    void Reset();
}
