using Microsoft.Extensions.Options;

namespace MlSystems.ML;

/// <summary>Validates each served model's <see cref="ModelServingOptions"/> (named by the model) at start-up, so bad options fail the host, not the first request.</summary>
internal sealed class ModelServingOptionsValidator : IValidateOptions<ModelServingOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelServingOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"ModelServingOptions '{name}': {e.Message}");
        }
    }
}
