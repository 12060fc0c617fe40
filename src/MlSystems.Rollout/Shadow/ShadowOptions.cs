namespace MlSystems.Rollout;

/// <summary>How a shadow runs its challenger.</summary>
public sealed class ShadowOptions
{
    /// <summary>The shadow's name, used in metrics and logs. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>Requests waiting for the challenger at most; beyond it copies are dropped and counted. Default 1,024.</summary>
    public int Capacity { get; set; } = 1_024;

    /// <summary>How long the challenger may take per request before it counts as timed out; default 1 second.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Called after each shadowed request (on the shadow's worker, not the request path); null by default. Exceptions it throws are logged and ignored.</summary>
    public Action<ShadowResult>? OnCompleted { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw RolloutArguments.Invalid(nameof(Name), "Name is required.");
        }

        if (Capacity < 1)
        {
            throw RolloutArguments.Invalid(nameof(Capacity), $"Capacity must be at least 1, not {Capacity}.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw RolloutArguments.Invalid(nameof(Timeout), $"Timeout must be positive and finite, not {Timeout}.");
        }
    }

    /// <summary>A copy for a runner to keep, so the caller's later changes reach nothing.</summary>
    internal ShadowOptions Clone() => (ShadowOptions)MemberwiseClone();
}
