namespace MlSystems.Monitoring;

/// <summary>
/// A fleet store in this process's memory: for a coordinator and its serving paths in one process, and for tests. It
/// keeps the same contract as the shared stores (positions, tokens, revisions), so code written against it runs
/// unchanged on a fleet. Thread-safe; everything is lost with the process.
/// </summary>
public sealed class InMemoryFleetStore : IFleetStore
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly Dictionary<string, ModelState> models = new(StringComparer.Ordinal);

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock leases expire by; the system clock when null.</param>
    public InMemoryFleetStore(TimeProvider? timeProvider = null) => time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public Task<FleetFlushOutcome> FlushAsync(FleetSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ModelState model = State(summary.ModelName);
            if (model.Keys.TryGetValue((summary.HostId, summary.Sequence), out FleetSummary? stored))
            {
                return stored.SameContents(summary) ? Task.FromResult(FleetFlushOutcome.AlreadyStored) : throw summary.ConflictError();
            }

            model.Keys.Add((summary.HostId, summary.Sequence), summary);
            model.Summaries.Add(new StoredFleetSummary(++model.LastPosition, summary));
            return Task.FromResult(FleetFlushOutcome.Stored);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredFleetSummary>> ReadSummariesAsync(string modelName, long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        FleetArguments.After(afterPosition, nameof(afterPosition));
        FleetArguments.ReadCount(maxCount, nameof(maxCount));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            IReadOnlyList<StoredFleetSummary> page = models.TryGetValue(modelName, out ModelState? model)
                ? [.. model.Summaries.Where(s => s.Position > afterPosition).Take(maxCount)]
                : [];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<FleetHost>> ReadHostsAsync(string modelName, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            IReadOnlyList<FleetHost> hosts = models.TryGetValue(modelName, out ModelState? model)
                ? [.. model.Summaries
                    .GroupBy(s => s.Summary.HostId, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new FleetHost(g.Key, g.Max(s => s.Summary.Sequence), g.Max(s => s.Summary.IntervalEnd), g.Count()))]
                : [];
            return Task.FromResult(hosts);
        }
    }

    /// <inheritdoc/>
    public Task<long> PruneSummariesAsync(string modelName, DateTimeOffset intervalEndBefore, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!models.TryGetValue(modelName, out ModelState? model))
            {
                return Task.FromResult(0L);
            }

            foreach (StoredFleetSummary old in model.Summaries.Where(s => s.Summary.IntervalEnd < intervalEndBefore))
            {
                model.Keys.Remove((old.Summary.HostId, old.Summary.Sequence));
            }

            return Task.FromResult((long)model.Summaries.RemoveAll(s => s.Summary.IntervalEnd < intervalEndBefore));
        }
    }

    /// <inheritdoc/>
    public Task<FleetLease?> TryAcquireLeaseAsync(string modelName, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        FleetArguments.Name(holder, nameof(holder));
        FleetArguments.LeaseDuration(duration, nameof(duration));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ModelState model = State(modelName);
            DateTimeOffset now = time.GetUtcNow();
            FleetLease? current = model.Lease;
            bool live = current is not null && current.ExpiresAt > now;
            if (live && !string.Equals(current!.Holder, holder, StringComparison.Ordinal))
            {
                return Task.FromResult<FleetLease?>(null);
            }

            long token = live ? current!.Token : (current?.Token ?? 0) + 1;
            model.Lease = new FleetLease(modelName, holder, token, now + duration);
            return Task.FromResult<FleetLease?>(model.Lease);
        }
    }

    /// <inheritdoc/>
    public Task<FleetLease?> RenewLeaseAsync(FleetLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        FleetArguments.Lease(lease, nameof(lease));
        FleetArguments.LeaseDuration(duration, nameof(duration));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!IsCurrent(lease, out ModelState? model))
            {
                return Task.FromResult<FleetLease?>(null);
            }

            model.Lease = lease with { ExpiresAt = time.GetUtcNow() + duration };
            return Task.FromResult<FleetLease?>(model.Lease);
        }
    }

    /// <inheritdoc/>
    public Task ReleaseLeaseAsync(FleetLease lease, CancellationToken cancellationToken = default)
    {
        FleetArguments.Lease(lease, nameof(lease));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            if (IsCurrent(lease, out ModelState? model) && model.Lease!.ExpiresAt > now)
            {
                model.Lease = model.Lease with { ExpiresAt = now };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<FleetLease?> ReadLeaseAsync(string modelName, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(models.TryGetValue(modelName, out ModelState? model) ? model.Lease : null);
        }
    }

    /// <inheritdoc/>
    public Task<FleetPlan> WritePlanAsync(FleetLease lease, long expectedRevision, int formatVersion, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        FleetArguments.PlanWrite(lease, expectedRevision, formatVersion, payload);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ModelState? model = models.GetValueOrDefault(lease.ModelName);
            long latest = model?.Plans.Count ?? 0;

            // The same write repeated (a retry after a lost acknowledgement, on a shared store) returns what it wrote,
            // even if the lease has changed hands since.
            if (latest == expectedRevision + 1 && model!.Plans[^1] is { } last && last.Token == lease.Token
                && string.Equals(last.Holder, lease.Holder, StringComparison.Ordinal) && last.FormatVersion == formatVersion && last.Payload.Span.SequenceEqual(payload.Span))
            {
                return Task.FromResult(last);
            }

            if (!IsCurrent(lease, out model))
            {
                throw FleetLeaseLostException.For(lease, models.GetValueOrDefault(lease.ModelName)?.Lease?.Token);
            }

            if (latest != expectedRevision)
            {
                throw FleetPlanConflictException.For(lease.ModelName, expectedRevision, latest);
            }

            var plan = new FleetPlan(lease.ModelName, latest + 1, formatVersion, payload.ToArray(), lease.Holder, lease.Token, time.GetUtcNow());
            model.Plans.Add(plan);
            return Task.FromResult(plan);
        }
    }

    /// <inheritdoc/>
    public Task<FleetPlan?> ReadPlanAsync(string modelName, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(models.TryGetValue(modelName, out ModelState? model) && model.Plans.Count > 0 ? model.Plans[^1] : null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<FleetPlan>> ReadPlanHistoryAsync(string modelName, long afterRevision, int maxCount, CancellationToken cancellationToken = default)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        FleetArguments.After(afterRevision, nameof(afterRevision));
        FleetArguments.ReadCount(maxCount, nameof(maxCount));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            IReadOnlyList<FleetPlan> page = models.TryGetValue(modelName, out ModelState? model)
                ? [.. model.Plans.Skip((int)Math.Min(afterRevision, model.Plans.Count)).Take(maxCount)]
                : [];
            return Task.FromResult(page);
        }
    }

    private ModelState State(string modelName)
    {
        if (!models.TryGetValue(modelName, out ModelState? model))
        {
            models.Add(modelName, model = new ModelState());
        }

        return model;
    }

    /// <summary>Whether <paramref name="lease"/>'s token is its model's current one; called under the lock.</summary>
    private bool IsCurrent(FleetLease lease, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelState? model) =>
        models.TryGetValue(lease.ModelName, out model)
        && model.Lease is { } current
        && current.Token == lease.Token
        && string.Equals(current.Holder, lease.Holder, StringComparison.Ordinal);

    private sealed class ModelState
    {
        // Plans[i] is revision i + 1: the history has no gaps.
        public Dictionary<(string Host, long Sequence), FleetSummary> Keys { get; } = [];

        public List<StoredFleetSummary> Summaries { get; } = [];

        public List<FleetPlan> Plans { get; } = [];

        public long LastPosition { get; set; }

        public FleetLease? Lease { get; set; }
    }
}
