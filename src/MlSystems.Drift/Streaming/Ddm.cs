namespace MlSystems.Drift;

/// <summary>
/// The Drift Detection Method of Gama et al. (2004) for a model's error stream: the error rate p and its binomial
/// standard deviation s = √(p(1 − p)/n) are tracked, and a warning or drift is signalled when p + s rises 2 or 3
/// standard deviations above the best p_min + s_min seen.
/// </summary>
/// <remarks>
/// Values must be 0 (right prediction) or 1 (wrong). The reference minimum is only taken once an error has been seen:
/// before that s = 0 and the first error would look like an infinite jump. Signalling drift resets the detector. O(1),
/// no allocation per update.
/// </remarks>
public sealed class Ddm : IStreamingDriftDetector
{
    private readonly DdmOptions options;
    private double errors;
    private double minPs;
    private double minP;
    private double minS;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Ddm(DdmOptions? options = null)
    {
        this.options = options ?? new DdmOptions();
        this.options.Validate();
        Reset();
    }

    /// <inheritdoc/>
    public string Name => StreamingDetectorNames.Ddm;

    /// <inheritdoc/>
    public bool DriftDetected { get; private set; }

    /// <inheritdoc/>
    public bool WarningDetected { get; private set; }

    /// <inheritdoc/>
    public long Count { get; private set; }

    /// <summary>The error rate since the last reset.</summary>
    public double ErrorRate => Count == 0 ? 0 : errors / Count;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not 0 or 1.</exception>
    public void Update(double value)
    {
        StreamingArguments.ErrorIndicator(value, Name);
        if (DriftDetected)
        {
            Reset();
        }

        Count++;
        errors += value;
        double p = errors / Count;
        double s = Math.Sqrt(p * (1 - p) / Count);
        WarningDetected = false;
        if (Count < options.MinInstances)
        {
            return;
        }

        // With no error yet s is 0, and a single error would read as a 3σ jump: the minimum waits for the first error.
        if (errors > 0 && p + s <= minPs)
        {
            (minP, minS, minPs) = (p, s, p + s);
        }

        if (p + s > minP + (options.DriftThreshold * minS))
        {
            DriftDetected = true;
        }
        else
        {
            WarningDetected = p + s > minP + (options.WarningThreshold * minS);
        }
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Count = 0;
        errors = 0;
        minP = double.PositiveInfinity;
        minS = double.PositiveInfinity;
        minPs = double.PositiveInfinity;
        DriftDetected = false;
        WarningDetected = false;
    }
}
