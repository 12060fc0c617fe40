namespace MlSystems.Drift;

/// <summary>
/// Validates <see cref="DriftDetectionOptions"/> at start-up against the tests the monitor will have (the container's
/// included), so a misnamed or doubly registered test fails the host, not the first check.
/// </summary>
internal sealed class DriftDetectionOptionsValidator(IEnumerable<IDriftTest> containerTests) : ArgumentOptionsValidator<DriftDetectionOptions>
{
    protected override void Check(DriftDetectionOptions options) => options.Report.Validate(DriftMonitor.BuildRegistry(options, containerTests));
}
