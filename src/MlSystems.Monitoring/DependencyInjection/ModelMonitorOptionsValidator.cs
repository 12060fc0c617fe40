using Microsoft.Extensions.Options;

namespace MlSystems.Monitoring;

/// <summary>Validates the monitor's options at start-up, so a monitor that cannot work never starts.</summary>
internal sealed class ModelMonitorOptionsValidator : IValidateOptions<ModelMonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelMonitorOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"{exception.ParamName}: {exception.Message}");
        }
    }
}
