namespace MlSystems.Drift;

/// <summary>Validates <see cref="DriftDetectionOptions"/> at start-up, so a misnamed test fails the host, not the first check.</summary>
internal sealed class DriftDetectionOptionsValidator : ArgumentOptionsValidator<DriftDetectionOptions>
{
    protected override void Check(DriftDetectionOptions options) => options.Report.Validate(DriftMonitor.BuildRegistry(options));
}
