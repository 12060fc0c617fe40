using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>What a coordinator coordinates and how: the model, the alias it moves, its name in the lease, and the canary plan.</summary>
internal sealed class FleetCoordinatorSettings
{
    /// <summary>The model.</summary>
    public required string ModelName { get; init; }

    /// <summary>The alias that names the champion; promotions move it.</summary>
    public string ChampionAlias { get; init; } = "champion";

    /// <summary>This coordinator's name in the lease, unique among the model's coordinators.</summary>
    public required string Holder { get; init; }

    /// <summary>How long a lease lasts without renewal; a successor takes over within it plus one round.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often hosts flush; a host whose last flushed interval ended more than two of these ago is reported
    /// silent (missing coverage) until its summaries are pruned.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long flushed summaries are kept once no canary needs them: older ones are pruned in rounds without a
    /// canary; a successor rebuilds its windows from what is kept.</summary>
    public TimeSpan SummaryRetention { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The bins the hosts count a champion version's features in (its profile's histograms), read when a version
    /// becomes the champion; null, or a null result, when drift is not watched or the version has no usable profile.</summary>
    public Func<int, CancellationToken, Task<IReadOnlyList<PlanBins>?>>? BinsFor { get; init; }

    /// <summary>The canary of a candidate against a champion (both registry versions), with the gates it is judged by.
    /// Its windows merge hosts' summaries, so it must keep no prediction sample.</summary>
    public required Func<int, int, CanaryOptions> CanaryPlan { get; init; }
}
