using Microsoft.Extensions.Options;

namespace MlSystems.Features;

/// <summary>
/// Validates a feature set's options against the set itself (a time to live shorter than one of its windows) at
/// start-up, as the engine's constructor would on first resolution.
/// </summary>
internal sealed class FeatureSetOptionsValidator<TEvent>(FeatureSet<TEvent> features) : IValidateOptions<FeatureEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, FeatureEngineOptions options) =>
        name == features.Name && options.ProblemWith(features) is string problem
            ? ValidateOptionsResult.Fail($"{nameof(FeatureEngineOptions)} '{name}': {problem}")
            : ValidateOptionsResult.Success;
}
