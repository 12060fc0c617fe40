using System.Text.Json;
using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>
/// The payload of a model's plan revision: which version serves, and while a canary runs its candidate, step, share and
/// routing salt, so that every host routes a key to the same version. Each revision of the canary phase is one step; the
/// hosts tag what they serve with the revision they routed by, which is what a coordinator's windows count.
/// </summary>
internal sealed record RoutingPlan
{
    /// <summary>The version of the JSON form, stored with each revision.</summary>
    public const int FormatVersion = 1;

    /// <summary>The version the champion alias names.</summary>
    public required int Champion { get; init; }

    /// <summary>The first revision with this champion: drift and loss count its traffic from there.</summary>
    public long ChampionSince { get; init; }

    /// <summary>The bins hosts count the champion's feature values in (its profile's); null when it has no usable profile.</summary>
    public IReadOnlyList<PlanBins>? Bins { get; init; }

    /// <summary>What the hosts do.</summary>
    public FleetPhase Phase { get; init; }

    /// <summary>The canary's candidate; set in the canary and promoting phases.</summary>
    public int? Candidate { get; init; }

    /// <summary>The canary's name, the salt of its routing hash.</summary>
    public string? CanaryName { get; init; }

    /// <summary>The routing hash the canary's buckets use.</summary>
    public RoutingHash Hash { get; init; }

    /// <summary>The step in force, an index into the canary's steps.</summary>
    public int Step { get; init; }

    /// <summary>The candidate's share of keys, in percent.</summary>
    public double Percentage { get; init; }

    /// <summary>When the step started.</summary>
    public DateTimeOffset StepStartedAt { get; init; }

    /// <summary>The first revision of the step in force: the step's windows count what the hosts served under it and the
    /// later revisions of the same step (an extension writes one).</summary>
    public long StepRevision { get; init; }

    /// <summary>Where the step's maximum duration counts from: its start, or the time it was last extended.</summary>
    public DateTimeOffset LimitCountedFrom { get; init; }

    /// <summary>The first revision of this canary: the champion's evidence over the whole canary counts from it.</summary>
    public long CanaryStartedRevision { get; init; }

    /// <summary>Why the revision was written, for the plan's history.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The JSON form.</summary>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, FleetJsonContext.Default.RoutingPlan);

    /// <summary>Reads a revision's payload.</summary>
    /// <exception cref="FleetStoreException">The revision's format is unknown or its payload is not a plan: the store holds
    /// something this version cannot route by, which is not the caller's argument to fix.</exception>
    public static RoutingPlan FromRevision(FleetPlan revision)
    {
        if (revision.FormatVersion != FormatVersion)
        {
            throw new FleetStoreException($"Plan revision {revision.Revision} of model '{revision.ModelName}' has format {revision.FormatVersion}; this version reads format {FormatVersion}.");
        }

        RoutingPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize(revision.Payload.Span, FleetJsonContext.Default.RoutingPlan);
        }
        catch (JsonException e)
        {
            throw new FleetStoreException($"Plan revision {revision.Revision} of model '{revision.ModelName}' is not a routing plan: {e.Message}", e);
        }

        bool canary = plan?.Phase is FleetPhase.Canary or FleetPhase.Promoting;
        if (plan is null || plan.Champion < 1 || plan.ChampionSince < 1 || plan.ChampionSince > revision.Revision || plan.Bins?.Any(b => string.IsNullOrEmpty(b?.Feature) || b.Edges is null || b.Edges.Any(e => !double.IsFinite(e)) || b.Edges.Zip(b.Edges.Skip(1)).Any(p => p.First >= p.Second)) == true || !Enum.IsDefined(plan.Phase) || !Enum.IsDefined(plan.Hash)
            || (canary && (plan.Candidate is not > 0 || string.IsNullOrEmpty(plan.CanaryName) || plan.Step < 0 || !(plan.Percentage is >= 0 and <= 100) || plan.CanaryStartedRevision is < 1 || plan.CanaryStartedRevision > revision.Revision
                || plan.StepRevision < plan.CanaryStartedRevision || plan.StepRevision > revision.Revision || plan.LimitCountedFrom < plan.StepStartedAt)))
        {
            throw new FleetStoreException($"Plan revision {revision.Revision} of model '{revision.ModelName}' holds an impossible plan.");
        }

        return plan;
    }
}
