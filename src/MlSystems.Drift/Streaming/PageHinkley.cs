namespace MlSystems.Drift;

/// <summary>
/// The Page–Hinkley test (Page, 1954): a cumulative sum of deviations from the running mean, signalling when it rises a
/// threshold above its minimum (an increase) or falls that far below its maximum (a decrease).
/// </summary>
/// <remarks>
/// Each update adds x − mean − δ to the increase sum and x − mean + δ to the decrease sum, both scaled first by the
/// forgetting factor; drift is signalled when sum − min(sum) &gt; λ (up) or max(sum) − sum &gt; λ (down), after
/// <see cref="PageHinkleyOptions.MinInstances"/> values. Signalling resets the detector. O(1) time and no allocation per update.
/// </remarks>
public sealed class PageHinkley : IStreamingDriftDetector
{
    private readonly PageHinkleyOptions options;
    private double mean;
    private double sumIncrease;
    private double sumDecrease;
    private double minIncrease;
    private double maxDecrease;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public PageHinkley(PageHinkleyOptions? options = null)
    {
        this.options = options ?? new PageHinkleyOptions();
        this.options.Validate();
        Reset();
    }

    /// <inheritdoc/>
    public string Name => StreamingDetectorNames.PageHinkley;

    /// <inheritdoc/>
    public bool DriftDetected { get; private set; }

    /// <inheritdoc/>
    public bool WarningDetected => false;

    /// <inheritdoc/>
    public long Count { get; private set; }

    /// <inheritdoc/>
    public void Update(double value)
    {
        StreamingArguments.Finite(value, Name);
        if (DriftDetected)
        {
            Reset();
        }

        Count++;
        mean += (value - mean) / Count;
        double deviation = value - mean;
        sumIncrease = (options.ForgettingFactor * sumIncrease) + deviation - options.Delta;
        sumDecrease = (options.ForgettingFactor * sumDecrease) + deviation + options.Delta;
        minIncrease = Math.Min(minIncrease, sumIncrease);
        maxDecrease = Math.Max(maxDecrease, sumDecrease);
        if (Count < options.MinInstances)
        {
            return;
        }

        bool up = options.Direction != PageHinkleyDirection.Down && sumIncrease - minIncrease > options.Threshold;
        bool down = options.Direction != PageHinkleyDirection.Up && maxDecrease - sumDecrease > options.Threshold;
        DriftDetected = up || down;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Count = 0;
        mean = 0;
        sumIncrease = 0;
        sumDecrease = 0;
        minIncrease = double.PositiveInfinity;
        maxDecrease = double.NegativeInfinity;
        DriftDetected = false;
    }
}
