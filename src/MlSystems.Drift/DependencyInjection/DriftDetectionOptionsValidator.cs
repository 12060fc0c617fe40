using Microsoft.Extensions.Options;

namespace MlSystems.Drift;

/// <summary>Validates <see cref="DriftDetectionOptions"/> at start-up, so a misnamed test fails the host, not the first check.</summary>
internal sealed class DriftDetectionOptionsValidator : IValidateOptions<DriftDetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DriftDetectionOptions options)
    {
        try
        {
            options.Report.Validate(DriftMonitor.BuildRegistry(options));
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"DriftDetectionOptions: {e.Message}");
        }
    }
}
