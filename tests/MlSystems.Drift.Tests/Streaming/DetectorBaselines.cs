namespace MlSystems.Drift.Tests.Streaming;

/// <summary>The trivial detectors every real one is compared with: one never alarms, the other always does.</summary>
internal sealed class NeverAlarm : IStreamingDriftDetector
{
    public string Name => "never";

    public bool DriftDetected => false;

    public bool WarningDetected => false;

    public long Count { get; private set; }

    public void Update(double value) => Count++;

    public void Reset() => Count = 0;
}

/// <inheritdoc cref="NeverAlarm"/>
internal sealed class AlwaysAlarm : IStreamingDriftDetector
{
    public string Name => "always";

    public bool DriftDetected => true;

    public bool WarningDetected => false;

    public long Count { get; private set; }

    public void Update(double value) => Count++;

    public void Reset() => Count = 0;
}
