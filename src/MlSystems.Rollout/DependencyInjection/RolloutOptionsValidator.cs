using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MlSystems.Rollout;

/// <summary>Validates every canary plan (its named gates registered) and experiment split at start-up, so an impossible plan never starts.</summary>
internal sealed class RolloutOptionsValidator(IServiceProviderIsKeyedService? keyedServices = null) : IValidateOptions<RolloutOptions>
{
    public ValidateOptionsResult Validate(string? name, RolloutOptions options)
    {
        var failures = new List<string>();
        foreach ((string canary, CanaryOptions value) in options.Canaries)
        {
            try
            {
                value.Validate();
                foreach (string gate in value.GateNames.Where(g => keyedServices?.IsKeyedService(typeof(ICanaryGate), g) != true))
                {
                    failures.Add($"Canary '{canary}': GateNames: no canary gate is registered as '{gate}' (AddCanaryGate, or one of CanaryGateNames).");
                }
            }
            catch (ArgumentException exception)
            {
                failures.Add($"Canary '{canary}': {exception.ParamName}: {exception.Message}");
            }
        }

        foreach ((string experiment, IList<TrafficArm> arms) in options.Experiments)
        {
            try
            {
                _ = new TrafficRouter(experiment, [.. arms], options.ExperimentHash);
            }
            catch (ArgumentException exception)
            {
                failures.Add($"Experiment '{experiment}': {exception.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
