namespace MlSystems.Rollout;

/// <summary>The rollouts a host runs: canaries and fixed-split experiments, each by name.</summary>
public sealed class RolloutOptions
{
    /// <summary>Canaries by name; each becomes a keyed <see cref="CanaryController"/>. Empty by default.</summary>
    public IDictionary<string, CanaryOptions> Canaries { get; } = new Dictionary<string, CanaryOptions>(StringComparer.Ordinal);

    /// <summary>Fixed-split experiments (A/B) by name; each becomes a keyed <see cref="TrafficRouter"/>. Empty by default.</summary>
    public IDictionary<string, IList<TrafficArm>> Experiments { get; } = new Dictionary<string, IList<TrafficArm>>(StringComparer.Ordinal);

    /// <summary>The bucket hash of the experiments' routers; default <see cref="RoutingHash.FeatureManagement"/>.</summary>
    public RoutingHash ExperimentHash { get; set; } = RoutingHash.FeatureManagement;

    /// <summary>Adds a canary named <paramref name="name"/>.</summary>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is blank or already used.</exception>
    public RolloutOptions AddCanary(string name, Action<CanaryOptions> configure)
    {
        RolloutArguments.Name(name, nameof(name));
        ArgumentNullException.ThrowIfNull(configure);
        var canary = new CanaryOptions { Name = name };
        configure(canary);
        if (!Canaries.TryAdd(name, canary))
        {
            throw new ArgumentException($"A canary named '{name}' is already configured.", nameof(name));
        }

        return this;
    }

    /// <summary>Adds a fixed-split experiment named <paramref name="name"/>.</summary>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is blank or already used.</exception>
    public RolloutOptions AddExperiment(string name, params TrafficArm[] arms)
    {
        RolloutArguments.Name(name, nameof(name));
        if (!Experiments.TryAdd(name, arms))
        {
            throw new ArgumentException($"An experiment named '{name}' is already configured.", nameof(name));
        }

        return this;
    }
}
