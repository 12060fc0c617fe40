using Microsoft.Extensions.Options;

namespace MlSystems.Features;

/// <summary>Validates each feature set's <see cref="FeatureEngineOptions"/> (named by the set) at start-up, so bad options fail the host, not the first event.</summary>
internal sealed class FeatureEngineOptionsValidator : IValidateOptions<FeatureEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, FeatureEngineOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"FeatureEngineOptions '{name}': {e.Message}");
        }
    }
}
