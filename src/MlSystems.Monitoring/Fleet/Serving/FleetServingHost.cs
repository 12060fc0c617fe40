using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>
/// One serving host's side of a fleet for one model: routes each request by the last plan revision it read, with no
/// network call; tallies each outcome under the revision and version that served it; and once per interval flushes the
/// tally to the store (empty when it served nothing, so that the coordinator can tell idle from silent) and reads the
/// plan again.
/// </summary>
/// <remarks>
/// <para>A flush the store does not acknowledge is retried at the next interval with the same sequence number and the
/// same bytes, so the store counts it once whether or not it had arrived; what is served meanwhile accumulates in the
/// next tally, which merges intervals until it can be sent. A host that cannot reach the store keeps serving its last
/// plan: it never moves a canary itself.</para>
/// <para><see cref="Route"/> and <see cref="Record"/> are thread-safe; <see cref="FlushAsync"/> runs one at a time.</para>
/// </remarks>
internal sealed class FleetServingHost
{
    private readonly IFleetStore store;
    private readonly string modelName;
    private readonly string[] featureNames;
    private readonly string predictionName;
    private readonly Func<long>? pendingLabels;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private ServingTally tally = new();
    private DateTimeOffset intervalStart;
    private FleetSummary? unacknowledged;
    private long sequence;
    private volatile HostPlan? plan;

    /// <param name="store">The fleet's store.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="hostId">This host's id, unique among the model's hosts and new for each run (its sequence restarts at 1).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="featureNames">The order of the feature values <see cref="CountRow"/> receives; none when rows are not counted.</param>
    /// <param name="predictionName">What the champion's profile calls the prediction; default <c>prediction</c>.</param>
    /// <param name="pendingLabels">How many predictions wait for their labels, read at each flush; none when null.</param>
    public FleetServingHost(IFleetStore store, string modelName, string hostId, TimeProvider? timeProvider = null, IReadOnlyList<string>? featureNames = null, string predictionName = "prediction", Func<long>? pendingLabels = null)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        FleetArguments.Name(hostId, nameof(hostId));
        this.pendingLabels = pendingLabels;
        this.store = store;
        this.modelName = modelName;
        this.featureNames = [.. featureNames ?? []];
        this.predictionName = predictionName;
        HostId = hostId;
        time = timeProvider ?? TimeProvider.System;
        intervalStart = time.GetUtcNow();
    }

    /// <summary>This host's id.</summary>
    public string HostId { get; }

    /// <summary>The sequence number of the last summary made ready to flush; 0 before the first.</summary>
    public long Sequence => sequence;

    /// <summary>The plan revision routing follows; null until one has been read.</summary>
    public long? PlanRevision => plan?.Revision;

    /// <summary>The plan routing follows; null until one has been read.</summary>
    public RoutingPlan? Plan => plan?.Plan;

    /// <summary>The version for a request with this key, by the plan last read; sticky per key across hosts.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="InvalidOperationException">No plan has been read yet.</exception>
    public FleetHostRoute Route(ReadOnlySpan<char> routingKey)
    {
        if (routingKey.IsEmpty)
        {
            throw new ArgumentException("The routing key is empty.", nameof(routingKey));
        }

        HostPlan current = plan ?? throw new InvalidOperationException($"Host '{HostId}' has not read a plan for model '{modelName}' yet.");
        return current.Route(routingKey);
    }

    /// <summary>Counts one request's outcome under the route's revision and version.</summary>
    /// <exception cref="ArgumentException">The route names no version, or the observation cannot be counted (see <see cref="CanaryWindow.Add"/>).</exception>
    public void Record(in FleetHostRoute route, in CanaryObservation observation)
    {
        if (route.Version < 1)
        {
            throw new ArgumentException("The route did not come from Route.", nameof(route));
        }

        lock (gate)
        {
            tally.Add(new ServedArm(route.PlanRevision, route.Version), observation);
        }
    }

    /// <summary>
    /// Counts a row the champion served in its plan's bins, for the coordinator's drift check; rows other versions served,
    /// or of a plan without bins this host can fill, are not counted.
    /// </summary>
    /// <param name="route">The route the request was served by.</param>
    /// <param name="features">The feature values, in the host's feature order, finite (checked by the caller).</param>
    /// <param name="prediction">The prediction, finite.</param>
    public void CountRow(in FleetHostRoute route, ReadOnlySpan<double> features, double prediction)
    {
        HostPlan served = route.Plan;
        if (route.Version != served.Plan.Champion || served.BinCounts.IsEmpty)
        {
            return;
        }

        Span<int> bins = served.BinCounts.Length <= 64 ? stackalloc int[served.BinCounts.Length] : new int[served.BinCounts.Length];
        served.Bin(features, prediction, bins);
        lock (gate)
        {
            tally.CountRow(new ServedArm(route.PlanRevision, route.Version), bins, served.BinCounts);
        }
    }

    /// <summary>
    /// Sends what was served since the last flush (after resending one that was not acknowledged), then reads the plan.
    /// </summary>
    /// <returns>Whether everything served so far is stored.</returns>
    /// <exception cref="FleetStoreException">The latest plan is of a format this version cannot read (routing keeps its plan).</exception>
    /// <exception cref="InvalidOperationException">The store refused the flush: another run flushed different contents under
    /// this host id and sequence. The contents are kept and go under the next number at the next flush.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken = default)
    {
        bool stored = await SendAsync(cancellationToken).ConfigureAwait(false);
        FleetPlan? revision;
        try
        {
            revision = await store.ReadPlanAsync(modelName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is out of reach: routing keeps the plan it has.
            return stored;
        }

        Follow(revision);
        return stored;
    }

    /// <summary>Reads the latest plan revision and routes by it from now on.</summary>
    /// <exception cref="FleetStoreException">The stored plan is of a format this version cannot read.</exception>
    public async Task RefreshPlanAsync(CancellationToken cancellationToken = default) =>
        Follow(await store.ReadPlanAsync(modelName, cancellationToken).ConfigureAwait(false));

    /// <summary>Routes by <paramref name="revision"/> from now on, when it is newer than the plan in force.</summary>
    /// <exception cref="FleetStoreException">The revision is of a format this version cannot read; routing keeps its plan.</exception>
    private void Follow(FleetPlan? revision)
    {
        if (revision is not null && revision.Revision > (plan?.Revision ?? 0))
        {
            plan = new HostPlan(revision.Revision, RoutingPlan.FromRevision(revision), featureNames, predictionName);
        }
    }

    private async Task<bool> SendAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            bool retry = unacknowledged is not null;
            if (!retry)
            {
                // A clock stepped back (NTP) must not make an interval end before it began: the summary could not be built.
                DateTimeOffset end = time.GetUtcNow() > intervalStart ? time.GetUtcNow() : intervalStart;
                ServingTally sending;
                lock (gate)
                {
                    (sending, tally) = (tally, new ServingTally());
                }

                // An idle interval is flushed too, empty: it tells the coordinator the host is alive and saw nothing.
                sending.PendingLabels = pendingLabels?.Invoke() ?? 0;
                unacknowledged = new FleetSummary(modelName, HostId, ++sequence, intervalStart, end, ServingTally.FormatVersion, sending.ToBytes());
                intervalStart = end;
            }

            try
            {
                await store.FlushAsync(unacknowledged!, cancellationToken).ConfigureAwait(false);
                unacknowledged = null;
            }
            catch (InvalidOperationException)
            {
                // The number is taken by other contents (an id reused by an earlier run): the same contents go again
                // under the next number, so nothing is lost, and the refusal is reported once.
                FleetSummary refused = unacknowledged!;
                unacknowledged = new FleetSummary(modelName, HostId, ++sequence, refused.IntervalStart, refused.IntervalEnd, refused.FormatVersion, refused.Payload.Span);
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Kept as it is, to be sent again with the same number; what is served meanwhile waits in the next tally.
                return false;
            }

            if (!retry)
            {
                return true;
            }
        }
    }
}
