using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlSystems.Registry;
using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>
/// The one decision-maker for a model across its hosts: each round it holds the model's lease, reads the hosts' new
/// summaries, merges them per plan revision and version, judges the running canary's step on the merged windows, and
/// writes the verdict as the next plan revision, fenced by its lease token, which every host routes by.
/// </summary>
/// <remarks>
/// <para>Everything it judges by is in the store: summaries are immutable and read by position, so its merged windows
/// are a cache that a successor rebuilds by reading from the start, and a step's windows are exactly the requests the
/// hosts served under that step's revision. Merges are exact, so the verdict is the one a single host serving all the
/// traffic would reach.</para>
/// <para>A promotion is written first (the promoting phase, in which hosts serve the candidate), then the alias moves by
/// compare-and-swap from the champion, then the candidate becomes the champion of a serving revision. A coordinator that
/// finds a promoting revision finishes the move, so a leader killed between the two writes neither loses nor repeats
/// the promotion. A leader that lost its lease cannot write a revision (the store refuses its token), and renews its
/// lease just before an alias move.</para>
/// <para>Rounds are not thread-safe; one caller runs them one after another.</para>
/// </remarks>
internal sealed class FleetCoordinator
{
    private const int PageSize = 1000;

    private readonly IFleetStore store;
    private readonly IModelRegistry registry;
    private readonly FleetCoordinatorSettings settings;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SortedDictionary<ServedArm, CanaryWindow> windows = [];
    private readonly Dictionary<string, (long Sequence, long Pending)> pendingByHost = new(StringComparer.Ordinal);
    private FleetLease? lease;

    // 1 while a keep-alive renewal runs; renewals beside the round's own are harmless (same holder, same token).
    private int renewing;
    private long position;

    // The champion's traffic since it became champion, not yet judged: rows in its bins for drift, outcomes for loss.
    private (int Version, long Since) champion;
    private ArmTally championRows = new();
    private CanaryWindow championOutcomes = new(0);

    public FleetCoordinator(IFleetStore store, IModelRegistry registry, FleetCoordinatorSettings settings, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        this.store = store;
        this.registry = registry;
        this.settings = settings;
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The lease this coordinator holds, as of its last round; null when it does not lead.</summary>
    public FleetLease? Lease => lease;

    /// <summary>The model's lease as the store holds it, whoever holds it.</summary>
    public Task<FleetLease?> ReadLeaseAsync(CancellationToken cancellationToken) => store.ReadLeaseAsync(settings.ModelName, cancellationToken);

    /// <summary>Summaries merged so far, across rounds.</summary>
    public long SummariesRead { get; private set; }

    /// <summary>Summaries this coordinator pruned, past <see cref="FleetCoordinatorSettings.SummaryRetention"/>.</summary>
    public long SummariesPruned { get; private set; }

    /// <summary>Summaries left out because this version cannot read them.</summary>
    public long SummariesUnreadable { get; private set; }

    /// <summary>Runs one round: lease, summaries, the canary's step or a pending promotion.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<FleetRound> RunRoundAsync(CancellationToken cancellationToken = default) => RoundAsync(null, cancellationToken);

    /// <summary>
    /// Runs a round that acts on a decision about the running step instead of judging it (see
    /// <see cref="CanaryController.DecideAsync"/>): advance, roll back, or extend, which writes a revision of the same step
    /// whose limit counts from now. A gate that fails now rolls back whatever was decided.
    /// </summary>
    /// <exception cref="InvalidOperationException">This coordinator leads but no canary runs.</exception>
    public async Task<FleetRound> DecideAsync(CanaryDecision decision, CancellationToken cancellationToken = default)
    {
        FleetRound round = await RoundAsync(decision, cancellationToken).ConfigureAwait(false);
        return round.Leading && round.Evaluation is null
            ? throw new InvalidOperationException($"Model '{settings.ModelName}' has no running canary to decide on.")
            : round;
    }

    private async Task<FleetRound> RoundAsync(CanaryDecision? decision, CancellationToken cancellationToken)
    {
        if (!await HoldLeaseAsync(cancellationToken).ConfigureAwait(false))
        {
            return FleetRound.Standby([]);
        }

        var written = new List<(long Revision, RoutingPlan Plan)>();
        try
        {
            FleetPlan? revision = await store.ReadPlanAsync(settings.ModelName, cancellationToken).ConfigureAwait(false);
            if (revision is null)
            {
                if (await registry.GetByAliasAsync(settings.ModelName, settings.ChampionAlias, cancellationToken).ConfigureAwait(false) is not { } champion)
                {
                    return new FleetRound(true, null, 0, null, written, []);
                }

                RoutingPlan first = new()
                {
                    Champion = champion.Version,
                    ChampionSince = 1,
                    Bins = await BinsForAsync(champion.Version, cancellationToken).ConfigureAwait(false),
                    Reason = $"the fleet starts with version {champion.Version}, which the alias '{settings.ChampionAlias}' names",
                };
                revision = await WriteAsync(0, first, written, cancellationToken).ConfigureAwait(false);
            }

            RoutingPlan plan = RoutingPlan.FromRevision(revision);
            if (plan.Phase == FleetPhase.Serving)
            {
                (revision, plan) = await FollowAliasAsync(revision, plan, written, cancellationToken).ConfigureAwait(false);
            }

            FollowChampion(plan);
            await ReadSummariesAsync(revision.Revision, cancellationToken).ConfigureAwait(false);
            CanaryEvaluation? evaluation = null;
            if (plan.Phase == FleetPhase.Canary)
            {
                (revision, plan, evaluation) = await JudgeStepAsync(revision, plan, decision, written, cancellationToken).ConfigureAwait(false);
            }

            if (plan.Phase == FleetPhase.Promoting)
            {
                (revision, plan) = await FinishPromotionAsync(revision, plan, written, cancellationToken).ConfigureAwait(false);
            }

            FollowChampion(plan);
            ForgetBefore(plan.Phase == FleetPhase.Serving ? revision.Revision : plan.CanaryStartedRevision);
            if (plan.Phase == FleetPhase.Serving)
            {
                // Only between canaries: a running canary's windows must stay rebuildable by a successor.
                SummariesPruned += await store.PruneSummariesAsync(settings.ModelName, time.GetUtcNow() - settings.SummaryRetention, cancellationToken).ConfigureAwait(false);
            }

            DateTimeOffset silentBefore = time.GetUtcNow() - (2 * settings.FlushInterval);
            IReadOnlyList<FleetHost> hosts = await store.ReadHostsAsync(settings.ModelName, cancellationToken).ConfigureAwait(false);
            FleetHost[] silent = [.. hosts.Where(h => h.LastIntervalEnd < silentBefore)];

            // Pending labels of hosts that are gone (silent, or pruned away) are not waiting for anything any more.
            HashSet<string> live = [.. hosts.Where(h => h.LastIntervalEnd >= silentBefore).Select(h => h.HostId)];
            foreach (string gone in pendingByHost.Keys.Where(h => !live.Contains(h)).ToArray())
            {
                pendingByHost.Remove(gone);
            }

            return new FleetRound(true, plan, revision.Revision, evaluation, written, silent, pendingByHost.Values.Sum(p => p.Pending));
        }
        catch (Exception e) when (e is FleetLeaseLostException or FleetPlanConflictException)
        {
            // Another coordinator leads now (or wrote first): this one stops acting until it holds the lease again.
            MonitoringLog.LeaseLost(logger, settings.ModelName, settings.Holder);
            lease = null;
            return FleetRound.Standby(written);
        }
    }

    /// <summary>
    /// The champion's rows counted in its plan's bins since the last call that took them, once there are at least
    /// <paramref name="minimumRows"/>: per binned feature (by the plan's names), the count in each bin. Null before that,
    /// or when the plan has no bins. Taking them starts the next window: drift is judged on windows that do not overlap.
    /// </summary>
    public IReadOnlyDictionary<string, long[]>? TakeChampionRows(RoutingPlan plan, long minimumRows)
    {
        if (plan.Bins is not { } bins || championRows.Bins is not { } counts || counts[0].Sum() < minimumRows || plan.Champion != champion.Version)
        {
            return null;
        }

        championRows = new ArmTally();
        return bins.Select((b, f) => (b.Feature, Counts: counts[f])).ToDictionary(p => p.Feature, p => p.Counts, StringComparer.Ordinal);
    }

    /// <summary>
    /// The champion's outcomes since the last call that took them, once there are at least <paramref name="minimumOutcomes"/>
    /// with a business value (the loss of a joined label); null before that. Taking them starts the next window.
    /// </summary>
    public CanaryWindow? TakeChampionOutcomes(long minimumOutcomes)
    {
        if (championOutcomes.BusinessMetric.Count < minimumOutcomes)
        {
            return null;
        }

        CanaryWindow taken = championOutcomes;
        championOutcomes = new CanaryWindow(0);
        return taken;
    }

    /// <summary>Starts a canary of <paramref name="candidate"/> against the serving champion at the plan's first step.</summary>
    /// <returns>The revision written; null when this coordinator does not lead.</returns>
    /// <exception cref="InvalidOperationException">No plan exists yet, or a canary or promotion is under way.</exception>
    /// <exception cref="ArgumentException">The canary plan is invalid.</exception>
    /// <exception cref="InvalidOperationException">The canary plan keeps a prediction sample.</exception>
    public async Task<long?> StartCanaryAsync(int candidate, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(candidate, 1);
        if (!await HoldLeaseAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        FleetPlan revision = await store.ReadPlanAsync(settings.ModelName, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Model '{settings.ModelName}' has no plan yet: run a round first.");
        RoutingPlan plan = RoutingPlan.FromRevision(revision);
        if (plan.Phase != FleetPhase.Serving)
        {
            throw new InvalidOperationException($"Model '{settings.ModelName}' is in the {plan.Phase} phase with version {plan.Candidate}; one canary runs at a time.");
        }

        CanaryOptions options = CanaryOptionsFor(plan.Champion, candidate);
        DateTimeOffset now = time.GetUtcNow();
        RoutingPlan next = plan with
        {
            Phase = FleetPhase.Canary,
            Candidate = candidate,
            CanaryName = options.Name,
            Hash = options.Hash,
            Step = 0,
            Percentage = options.Steps[0].Percentage,
            StepStartedAt = now,
            LimitCountedFrom = now,
            StepRevision = revision.Revision + 1,
            CanaryStartedRevision = revision.Revision + 1,
            Reason = string.Create(CultureInfo.InvariantCulture, $"canary {options.Name}: {options.Steps[0].Percentage}% of keys to version {candidate}"),
        };
        try
        {
            return (await WriteAsync(revision.Revision, next, [], cancellationToken).ConfigureAwait(false)).Revision;
        }
        catch (FleetLeaseLostException)
        {
            lease = null;
            return null;
        }
    }

    /// <summary>Renews the lease, or takes it when it has none or lost it; false when another coordinator holds it.</summary>
    private async Task<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        if (lease is not null)
        {
            lease = await store.RenewLeaseAsync(lease, settings.LeaseDuration, cancellationToken).ConfigureAwait(false);
        }

        lease ??= await store.TryAcquireLeaseAsync(settings.ModelName, settings.Holder, settings.LeaseDuration, cancellationToken).ConfigureAwait(false);
        return lease is not null;
    }

    /// <summary>
    /// Runs <paramref name="work"/> (the host's retraining hook, which may take longer than a lease) while renewing the
    /// lease every third of its duration, so that a standby does not take over mid-way and retrain the same drift again.
    /// A renewal that finds the lease taken ends the keep-alive; the work's own later writes are then refused by the store.
    /// </summary>
    public async Task KeepLeaseWhileAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        TimeSpan period = settings.LeaseDuration / 3;
        Task renewal = Task.CompletedTask;
        using (ITimer timer = time.CreateTimer(_ => renewal = RenewQuietlyAsync(), null, period, period))
        {
            await work().ConfigureAwait(false);
        }

        await renewal.ConfigureAwait(false);
    }

    private async Task RenewQuietlyAsync()
    {
        if (Interlocked.Exchange(ref renewing, 1) == 1)
        {
            return;
        }

        try
        {
            if (lease is { } held && await store.RenewLeaseAsync(held, settings.LeaseDuration).ConfigureAwait(false) is null)
            {
                // Taken by another coordinator: this one stops acting as the leader.
                lease = null;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is out of reach: the next round's renewal says whether the lease is still this coordinator's.
            MonitoringLog.KeepAliveFailed(logger, e, settings.ModelName, settings.Holder);
        }
        finally
        {
            Volatile.Write(ref renewing, 0);
        }
    }

    /// <summary>
    /// Merges every summary stored since the last one read into the windows of its plan revision and version, each one
    /// whole or not at all: it is merged into copies first, so a summary that cannot be read or merged (a newer format,
    /// forged counts that overflow, bins of another shape) is reported and skipped without touching what was merged.
    /// </summary>
    /// <param name="latestRevision">The plan's latest revision: no host can have routed by a later one, so arms that
    /// claim one are ignored rather than kept.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    private async Task ReadSummariesAsync(long latestRevision, CancellationToken cancellationToken)
    {
        while (true)
        {
            IReadOnlyList<StoredFleetSummary> page = await store.ReadSummariesAsync(settings.ModelName, position, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (StoredFleetSummary stored in page)
            {
                try
                {
                    Merge(stored.Summary, ServingTally.FromBytes(stored.Summary.Payload.Span, stored.Summary.FormatVersion), latestRevision);
                    SummariesRead++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A summary from a newer host (or a damaged one) is reported and skipped, not allowed to stop the fleet.
                    SummariesUnreadable++;
                    MonitoringLog.SummaryUnreadable(logger, settings.ModelName, stored.Position, stored.Summary.HostId, e.Message);
                }

                position = stored.Position;
            }

            if (page.Count < PageSize)
            {
                return;
            }
        }
    }

    /// <summary>Merges one host's tally into copies, then swaps them in: nothing changes unless all of it merges.</summary>
    private void Merge(FleetSummary summary, ServingTally tally, long latestRevision)
    {
        var staged = new List<(ServedArm Arm, CanaryWindow Window)>();
        ArmTally rows = new();
        rows.Merge(championRows);
        var outcomes = new CanaryWindow(0);
        outcomes.Merge(championOutcomes);
        foreach (ServedArm arm in tally.Arms.Where(a => a.PlanRevision >= 1 && a.PlanRevision <= latestRevision))
        {
            var merged = new CanaryWindow(0);
            if (windows.TryGetValue(arm, out CanaryWindow? existing))
            {
                merged.Merge(existing);
            }

            merged.Merge(tally.Window(arm));
            staged.Add((arm, merged));
            if (arm.Version == champion.Version && arm.PlanRevision >= champion.Since)
            {
                rows.Merge(tally.Arm(arm)!);
                outcomes.Merge(tally.Window(arm));
            }
        }

        foreach ((ServedArm arm, CanaryWindow window) in staged)
        {
            windows[arm] = window;
        }

        (championRows, championOutcomes) = (rows, outcomes);
        if (!pendingByHost.TryGetValue(summary.HostId, out var latest) || latest.Sequence < summary.Sequence)
        {
            pendingByHost[summary.HostId] = (summary.Sequence, tally.PendingLabels);
        }
    }

    private async Task<(FleetPlan Revision, RoutingPlan Plan, CanaryEvaluation Evaluation)> JudgeStepAsync(FleetPlan revision, RoutingPlan plan, CanaryDecision? decision, List<(long Revision, RoutingPlan Plan)> written, CancellationToken cancellationToken)
    {
        int candidate = plan.Candidate!.Value;
        CanaryOptions options = CanaryOptionsFor(plan.Champion, candidate);
        var champion = new CanaryWindow(0);
        var challenger = new CanaryWindow(0);
        var championSoFar = new CanaryWindow(0);
        foreach ((ServedArm arm, CanaryWindow window) in windows.Where(w => w.Key.PlanRevision <= revision.Revision))
        {
            bool inStep = arm.PlanRevision >= plan.StepRevision;
            if (arm.Version == plan.Champion && arm.PlanRevision >= plan.CanaryStartedRevision)
            {
                championSoFar.Merge(window);
                if (inStep)
                {
                    champion.Merge(window);
                }
            }
            else if (arm.Version == candidate && inStep)
            {
                challenger.Merge(window);
            }
        }

        using CanaryController controller = CanaryController.Resume(options, plan.Step, plan.StepStartedAt, plan.LimitCountedFrom, champion, challenger, championSoFar, timeProvider: time);
        CanaryEvaluation evaluation = decision is CanaryDecision made
            ? await controller.DecideAsync(made, cancellationToken).ConfigureAwait(false)
            : await controller.EvaluateAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        RoutingPlan? next = evaluation.Action switch
        {
            CanaryAction.Advance => plan with { Step = evaluation.StepIndex, Percentage = evaluation.CandidatePercentage, StepStartedAt = now, LimitCountedFrom = now, StepRevision = revision.Revision + 1, Reason = evaluation.Reason },
            CanaryAction.RollBack => Serving(plan) with { Reason = $"version {candidate} rolled back: {evaluation.Reason}" },
            CanaryAction.Promote => plan with { Phase = FleetPhase.Promoting, Percentage = 100, Reason = $"version {candidate} promoted: {evaluation.Reason}" },

            // An extension is the one decision that keeps the step: its limit counts from now, its windows go on.
            CanaryAction.Hold when decision == CanaryDecision.Extend => plan with { LimitCountedFrom = now, Reason = evaluation.Reason },
            _ => null,
        };
        if (next is null)
        {
            return (revision, plan, evaluation);
        }

        FleetPlan nextRevision = await WriteAsync(revision.Revision, next, written, cancellationToken).ConfigureAwait(false);
        return (nextRevision, next, evaluation);
    }

    /// <summary>Moves the alias to the promoted candidate (or finds it moved) and writes the serving revision that ends the canary.</summary>
    private async Task<(FleetPlan Revision, RoutingPlan Plan)> FinishPromotionAsync(FleetPlan revision, RoutingPlan plan, List<(long Revision, RoutingPlan Plan)> written, CancellationToken cancellationToken)
    {
        int candidate = plan.Candidate!.Value;

        // The move is made under a lease checked a moment ago, so a coordinator deposed since its last write does not
        // make it; if this one is deposed during the move, its successor replays the same compare-and-swap, which is then a no-op.
        lease = await store.RenewLeaseAsync(lease!, settings.LeaseDuration, cancellationToken).ConfigureAwait(false)
            ?? throw new FleetLeaseLostException($"Coordinator '{settings.Holder}' lost the lease of model '{settings.ModelName}' before moving its alias.");
        string reason;
        try
        {
            var change = new AliasChange(string.Create(CultureInfo.InvariantCulture, $"fleet coordinator {settings.Holder} (lease token {lease.Token}, plan revision {revision.Revision})"), plan.Reason);
            await registry.SetAliasAsync(settings.ModelName, settings.ChampionAlias, candidate, AliasCondition.Is(plan.Champion), change, cancellationToken).ConfigureAwait(false);
            reason = $"the alias '{settings.ChampionAlias}' moved from version {plan.Champion} to {candidate}";
        }
        catch (AliasConflictException)
        {
            ModelVersion? now = await registry.GetByAliasAsync(settings.ModelName, settings.ChampionAlias, cancellationToken).ConfigureAwait(false);
            if (now?.Version != candidate)
            {
                // Someone moved the alias during the canary: their decision stands, and the fleet serves what it names.
                int champion = now?.Version ?? plan.Champion;
                RoutingPlan serving = (champion == plan.Champion ? Serving(plan) : await NewChampionAsync(champion, revision.Revision + 1, cancellationToken).ConfigureAwait(false))
                    with { Reason = $"the alias '{settings.ChampionAlias}' names version {now?.Version.ToString(CultureInfo.InvariantCulture) ?? "none"}, not {plan.Champion}: the promotion of {candidate} is abandoned" };
                return (await WriteAsync(revision.Revision, serving, written, cancellationToken).ConfigureAwait(false), serving);
            }

            reason = $"the alias '{settings.ChampionAlias}' already named version {candidate}: the promotion of plan revision {revision.Revision} was finished before";
        }

        RoutingPlan promoted = await NewChampionAsync(candidate, revision.Revision + 1, cancellationToken).ConfigureAwait(false) with { Reason = reason };
        return (await WriteAsync(revision.Revision, promoted, written, cancellationToken).ConfigureAwait(false), promoted);
    }

    /// <summary>
    /// Follows the alias when someone moved it outside the fleet (an operator's rollback) between canaries: the hosts
    /// are told to serve what it names, so plan and registry never disagree for longer than a round.
    /// </summary>
    private async Task<(FleetPlan Revision, RoutingPlan Plan)> FollowAliasAsync(FleetPlan revision, RoutingPlan plan, List<(long Revision, RoutingPlan Plan)> written, CancellationToken cancellationToken)
    {
        ModelVersion? named = await registry.GetByAliasAsync(settings.ModelName, settings.ChampionAlias, cancellationToken).ConfigureAwait(false);
        if (named is null || named.Version == plan.Champion)
        {
            return (revision, plan);
        }

        RoutingPlan following = await NewChampionAsync(named.Version, revision.Revision + 1, cancellationToken).ConfigureAwait(false)
            with { Reason = $"the alias '{settings.ChampionAlias}' was moved from version {plan.Champion} to {named.Version} outside the fleet" };
        return (await WriteAsync(revision.Revision, following, written, cancellationToken).ConfigureAwait(false), following);
    }

    /// <summary>The plan's champion serving everything again, its bins kept: the end of a canary that did not promote.</summary>
    private static RoutingPlan Serving(RoutingPlan plan) =>
        new() { Champion = plan.Champion, ChampionSince = plan.ChampionSince, Bins = plan.Bins };

    private async Task<RoutingPlan> NewChampionAsync(int champion, long since, CancellationToken cancellationToken) =>
        new() { Champion = champion, ChampionSince = since, Bins = await BinsForAsync(champion, cancellationToken).ConfigureAwait(false) };

    private async Task<IReadOnlyList<PlanBins>?> BinsForAsync(int version, CancellationToken cancellationToken) =>
        settings.BinsFor is null ? null : await settings.BinsFor(version, cancellationToken).ConfigureAwait(false);

    private async Task<FleetPlan> WriteAsync(long expected, RoutingPlan plan, List<(long Revision, RoutingPlan Plan)> written, CancellationToken cancellationToken)
    {
        FleetPlan revision = await store.WritePlanAsync(lease!, expected, RoutingPlan.FormatVersion, plan.ToBytes(), cancellationToken).ConfigureAwait(false);
        written.Add((revision.Revision, plan));
        MonitoringLog.PlanWritten(logger, settings.ModelName, revision.Revision, settings.Holder, plan.Reason);
        return revision;
    }

    private CanaryOptions CanaryOptionsFor(int champion, int candidate)
    {
        CanaryOptions options = settings.CanaryPlan(champion, candidate);
        if (options.PredictionSampleCapacity != 0)
        {
            throw new InvalidOperationException($"Canary '{options.Name}' keeps a sample of {options.PredictionSampleCapacity} predictions per window, which the hosts' summaries cannot merge exactly; set PredictionSampleCapacity to 0 for a fleet.");
        }

        options.Validate();
        return options;
    }

    private CanaryWindow WindowOf(ServedArm arm)
    {
        if (!windows.TryGetValue(arm, out CanaryWindow? window))
        {
            windows.Add(arm, window = new CanaryWindow(0));
        }

        return window;
    }

    /// <summary>Starts counting the champion's traffic afresh when the plan names a new champion.</summary>
    private void FollowChampion(RoutingPlan plan)
    {
        if (champion != (plan.Champion, plan.ChampionSince))
        {
            champion = (plan.Champion, plan.ChampionSince);
            championRows = new ArmTally();
            championOutcomes = new CanaryWindow(0);
        }
    }

    /// <summary>Drops the windows of revisions no judgement will read again.</summary>
    private void ForgetBefore(long revision)
    {
        foreach (ServedArm arm in windows.Keys.Where(a => a.PlanRevision < revision).ToArray())
        {
            windows.Remove(arm);
        }
    }
}
