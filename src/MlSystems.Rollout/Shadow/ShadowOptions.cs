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

    /// <summary>
    /// Challenger calls at once; default 1, which feeds the challenger in the order the copies were offered. Above 1,
    /// that many workers share the queue and results arrive in any order.
    /// </summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// Challenger calls still running at most, counting those abandoned at their time-out that have not yet returned (a
    /// challenger that ignores its token); at the bound a queued copy is dropped and counted, not started, so such calls
    /// cannot pile up. Default 16; at least <see cref="MaxConcurrency"/>.
    /// </summary>
    public int MaxInFlight { get; set; } = 16;

    /// <summary>
    /// The share of offered requests copied to the challenger, in (0, 1]; default 1 (every request). The others are
    /// counted as not sampled and cost the request path one random draw.
    /// </summary>
    public double SampleRate { get; set; } = 1;

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

        if (MaxConcurrency < 1)
        {
            throw RolloutArguments.Invalid(nameof(MaxConcurrency), $"MaxConcurrency must be at least 1, not {MaxConcurrency}.");
        }

        if (MaxInFlight < MaxConcurrency)
        {
            throw RolloutArguments.Invalid(nameof(MaxInFlight), $"MaxInFlight must be at least MaxConcurrency ({MaxConcurrency}), not {MaxInFlight}.");
        }

        if (!(SampleRate > 0 && SampleRate <= 1))
        {
            throw RolloutArguments.Invalid(nameof(SampleRate), $"SampleRate must lie in (0, 1], not {SampleRate}.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw RolloutArguments.Invalid(nameof(Timeout), $"Timeout must be positive and finite, not {Timeout}.");
        }
    }

    /// <summary>A copy for a runner to keep, so the caller's later changes reach nothing.</summary>
    internal ShadowOptions Clone() => (ShadowOptions)MemberwiseClone();
}
