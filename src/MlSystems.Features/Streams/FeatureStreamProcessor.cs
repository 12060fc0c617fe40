using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlSystems.Features;

/// <summary>
/// Computes a feature set's online vectors from a partitioned event stream, sharing the partitions with every other
/// processor of the stream: a <see cref="FeatureEngine{TEvent}"/> per owned partition, its vectors written to the online
/// store, its state checkpointed with its stream position under a fenced lease. A hosted service; <see cref="StepAsync"/>
/// runs one round by hand.
/// </summary>
/// <remarks>
/// <para>Ownership: each round the processor renews its heartbeat and computes, from the live members, which partitions
/// it should own (rendezvous hashing, so a join or a leave moves only what it must). It checkpoints and releases the
/// partitions another member should own, and takes the free ones it should: a partition changes hands after its last
/// owner's final checkpoint, so no event is processed by two owners from the same state. A processor that dies holds its
/// partitions until its leases expire (<see cref="FeatureStreamProcessorOptions.LeaseDuration"/>). A partition handed over
/// is taken by its new owner in that owner's next round, not at its next heartbeat. One that paused past
/// its lease may still compute and write vectors until its next read or checkpoint is refused; store writes are not
/// fenced, and need not be: a vector depends only on the entity's events up to its sequence, so the paused one writes
/// what the new owner writes, and the store keeps one of two equal vectors.</para>
/// <para>Exactly once: a new owner restores the engine from the checkpoint and reads from the position written with it,
/// so every event counts once in the engine, whenever a processor was killed. Vectors written after the checkpoint are
/// written again with the same bits and event time, which the store's event-time guard ignores. A processor whose lease
/// was lost has its next read or checkpoint refused and drops the partition.</para>
/// <para>What is stored: after each batch, for every entity in it, the vector with its windows as of its newest event,
/// that event included, and its row features from its latest-arrived event, under the newest event's time, with the
/// entity's place in its partition as the write's <see cref="FeatureVectorWrite.Sequence"/>. Events at the same instant and late events (within the lateness) raise the
/// sequence, so their vector replaces the one before; a vector written again after a takeover carries the same time and
/// sequence and is ignored. The store ends with exactly the vector one engine replaying the whole stream gives as of each
/// entity's newest event (rows from its last event), whatever the batches, crashes and takeovers. With
/// <see cref="FeatureEngineOptions.EntityTimeToLive"/> the claim holds except for an event that arrives more than the
/// time to live and the lateness behind the newest event of its engine shard: whether its entity was released by then
/// depends on which entities share the shard, which differs between engines.</para>
/// <para>Faults stay within a partition: an event that cannot be decoded, keyed or computed is skipped and counted; a
/// partition whose checkpoint cannot be restored or written is logged and left, and the others go on.</para>
/// </remarks>
/// <typeparam name="TEvent">The event type.</typeparam>
public sealed class FeatureStreamProcessor<TEvent> : BackgroundService
{
    private readonly FeatureSet<TEvent> features;
    private readonly IFeatureEventLog stream;
    private readonly IPartitionCoordinator coordinator;
    private readonly IOnlineFeatureStore store;
    private readonly IFeatureEventCodec<TEvent> codec;
    private readonly FeatureStreamProcessorOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly FeatureTelemetry? telemetry;
    private readonly KeyValuePair<string, object?> setTag;
    private readonly Dictionary<int, OwnedPartition<TEvent>> owned = [];
    private readonly SemaphoreSlim gate = new(1, 1);
    private long heartbeatAt = long.MinValue;

    // Partitions the last rebalance assigned here that another member still held: tried every round, not only at the
    // next heartbeat, so a partition handed over waits a round for its new owner rather than a third of a lease.
    private readonly HashSet<int> awaited = [];
    private long events, undecodable, vectorsWritten, checkpoints, acquired, released, lost;

    /// <summary>A processor of <paramref name="features"/>' events.</summary>
    /// <param name="features">The definition every partition's engine runs.</param>
    /// <param name="stream">The partitioned event stream.</param>
    /// <param name="coordinator">Membership, leases and checkpoints shared with the stream's other processors.</param>
    /// <param name="store">Where vectors go; its width must be the feature set's.</param>
    /// <param name="codec">How events are read from the stream.</param>
    /// <param name="options">Copied here; the defaults when null.</param>
    /// <param name="time">The clock for heartbeats, checkpoints and polling; the system clock when null.</param>
    /// <param name="logger">Where skipped events and ownership changes are logged; none when null.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or the store's width is not the feature set's.</exception>
    public FeatureStreamProcessor(
        FeatureSet<TEvent> features,
        IFeatureEventLog stream,
        IPartitionCoordinator coordinator,
        IOnlineFeatureStore store,
        IFeatureEventCodec<TEvent> codec,
        FeatureStreamProcessorOptions? options = null,
        TimeProvider? time = null,
        ILogger? logger = null)
        : this(features, stream, coordinator, store, codec, options, time, logger, telemetry: null)
    {
    }

    internal FeatureStreamProcessor(
        FeatureSet<TEvent> features,
        IFeatureEventLog stream,
        IPartitionCoordinator coordinator,
        IOnlineFeatureStore store,
        IFeatureEventCodec<TEvent> codec,
        FeatureStreamProcessorOptions? options,
        TimeProvider? time,
        ILogger? logger,
        FeatureTelemetry? telemetry)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(codec);
        options = options?.Clone() ?? new FeatureStreamProcessorOptions();
        options.Validate();
        if (store.Width != features.Width)
        {
            throw new ArgumentException($"The online store holds vectors of {store.Width} values; feature set '{features.Name}' writes {features.Width}.", nameof(store));
        }

        (this.features, this.stream, this.coordinator, this.store, this.codec, this.options) = (features, stream, coordinator, store, codec, options);
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        this.telemetry = telemetry;
        setTag = new KeyValuePair<string, object?>(TelemetryTags.FeatureSet, features.Name);
        if ((options.Engine ?? new FeatureEngineOptions()).ProblemWith(features) is string problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    /// <summary>This processor's id among the stream's processors.</summary>
    public string ProcessorId => options.ProcessorId;

    /// <summary>The partitions this processor holds now, in order.</summary>
    public IReadOnlyList<int> OwnedPartitions
    {
        get
        {
            lock (owned)
            {
                return [.. owned.Keys.Order()];
            }
        }
    }

    /// <summary>The counters so far.</summary>
    public FeatureStreamProcessorCounters Counters => new(
        Interlocked.Read(ref events), Interlocked.Read(ref undecodable), Interlocked.Read(ref vectorsWritten), Interlocked.Read(ref checkpoints),
        Interlocked.Read(ref acquired), Interlocked.Read(ref released), Interlocked.Read(ref lost));

    /// <summary>
    /// One round: a heartbeat and rebalance when a third of the lease has passed since the last (or on the first round),
    /// then one batch from each owned partition, and the checkpoints that are due.
    /// </summary>
    /// <returns>How many events were ingested.</returns>
    /// <remarks>Rounds do not overlap: a call waits for one in progress.</remarks>
    public async Task<int> StepAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long now = time.GetTimestamp();
            if (heartbeatAt == long.MinValue || time.GetElapsedTime(heartbeatAt, now) >= options.LeaseDuration / 3)
            {
                await RebalanceAsync(cancellationToken).ConfigureAwait(false);
                heartbeatAt = now;
            }
            else
            {
                foreach (int partition in awaited.ToArray())
                {
                    await TakeOrAwaitAsync(partition, cancellationToken).ConfigureAwait(false);
                }
            }

            int ingested = 0;
            foreach (OwnedPartition<TEvent> partition in Snapshot())
            {
                try
                {
                    ingested += await ProcessAsync(partition, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception failure) when (failure is not OperationCanceledException and not OutOfMemoryException)
                {
                    // One partition's fault (its store writes, its checkpoint) must not stop the others; where its engine
                    // went ahead of its position the partition was abandoned, to be taken again from its checkpoint.
                    StreamsLog.PartitionFailed(logger, features.Name, options.ProcessorId, partition.Lease.Partition, failure);
                }
            }

            return ingested;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Checkpoints and releases every partition, and leaves the members, so the others take over at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (OwnedPartition<TEvent> partition in Snapshot())
            {
                await HandOverAsync(partition, cancellationToken).ConfigureAwait(false);
            }

            await coordinator.LeaveAsync(options.ProcessorId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int ingested;
            try
            {
                ingested = await StepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                // A transport or store outage: the round is retried after a poll, from what was checkpointed and held.
                StreamsLog.StepFailed(logger, features.Name, options.ProcessorId, failure);
                ingested = 0;
            }

            if (ingested == 0)
            {
                try
                {
                    await Task.Delay(options.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private OwnedPartition<TEvent>[] Snapshot()
    {
        lock (owned)
        {
            return [.. owned.Values.OrderBy(p => p.Lease.Partition)];
        }
    }

    private async Task RebalanceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> members = await coordinator.HeartbeatAsync(options.ProcessorId, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (!members.Contains(options.ProcessorId, StringComparer.Ordinal))
        {
            members = [.. members, options.ProcessorId];
        }

        awaited.Clear();
        for (int p = 0; p < stream.PartitionCount; p++)
        {
            bool mine = PartitionAssignment.OwnerOf(p, members) == options.ProcessorId;
            OwnedPartition<TEvent>? held;
            lock (owned)
            {
                owned.TryGetValue(p, out held);
            }

            try
            {
                if (held is not null && !mine)
                {
                    await HandOverAsync(held, cancellationToken).ConfigureAwait(false);
                }
                else if (held is not null)
                {
                    if (!await coordinator.RenewAsync(held.Lease, options.LeaseDuration, cancellationToken).ConfigureAwait(false))
                    {
                        Lose(held);
                    }
                }
                else if (mine)
                {
                    await TakeOrAwaitAsync(p, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException and not OutOfMemoryException)
            {
                // A partition that cannot be taken (a checkpoint of another definition, say) is logged on every
                // rebalance and left to an operator; the other partitions go on.
                StreamsLog.PartitionFailed(logger, features.Name, options.ProcessorId, p, failure);
            }
        }
    }

    /// <summary>Takes a partition assigned here, or remembers it for the next round while another member still holds it.</summary>
    private async Task TakeOrAwaitAsync(int partition, CancellationToken cancellationToken)
    {
        awaited.Remove(partition);
        try
        {
            if (!await TryTakeAsync(partition, cancellationToken).ConfigureAwait(false))
            {
                awaited.Add(partition);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException and not OutOfMemoryException)
        {
            // Not awaited again until the next rebalance: a checkpoint that cannot be restored fails every try.
            StreamsLog.PartitionFailed(logger, features.Name, options.ProcessorId, partition, failure);
        }
    }

    /// <returns>False when another member holds the lease.</returns>
    private async Task<bool> TryTakeAsync(int partition, CancellationToken cancellationToken)
    {
        PartitionLease? lease = await coordinator.TryAcquireAsync(partition, options.ProcessorId, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return false;
        }

        var engine = new FeatureEngine<TEvent>(features, options.Engine, telemetry, logger);
        PartitionCheckpoint? checkpoint;
        try
        {
            checkpoint = await coordinator.ReadCheckpointAsync(partition, cancellationToken).ConfigureAwait(false);
            if (checkpoint is not null)
            {
                using var state = new MemoryStream(checkpoint.State.ToArray(), writable: false);
                engine.RestoreSnapshot(state);

                // What the checkpoint covers but a dead holder never acknowledged (killed between the two) is done.
                await stream.CommitAsync(lease, checkpoint.Position, options.TrimProcessed, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // A checkpoint this processor cannot restore (another definition, a corrupt blob) must not stay leased to it.
            await coordinator.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        lock (owned)
        {
            owned[partition] = new OwnedPartition<TEvent>(lease, engine, checkpoint?.Position, time.GetTimestamp());
        }

        Interlocked.Increment(ref acquired);
        CountPartition("acquired");
        StreamsLog.PartitionAcquired(logger, features.Name, options.ProcessorId, partition, lease.Token, checkpoint?.Position);
        return true;
    }

    private async Task<int> ProcessAsync(OwnedPartition<TEvent> partition, CancellationToken cancellationToken)
    {
        if (partition.Unsaved && time.GetElapsedTime(partition.CheckpointedAt) >= options.LeaseDuration)
        {
            // Checkpoints have failed for a whole lease: read nothing more until one lands, so the work a successor
            // would redo, and the reads held for acknowledgement, stay bounded.
            await CheckpointAsync(partition, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        IReadOnlyList<FeatureStreamRecord> records;
        try
        {
            records = await stream.ReadAsync(partition.Lease, partition.Position, options.BatchSize, cancellationToken).ConfigureAwait(false);
        }
        catch (PartitionFencedException)
        {
            Lose(partition);
            return 0;
        }

        if (records.Count > 0)
        {
            List<TEvent> batch = Decode(partition, records);
            try
            {
                long before = partition.Engine.Counters.Events;
                partition.Engine.Ingest(CollectionsMarshal.AsSpan(batch));
                await WriteVectorsAsync(partition.Engine, batch, before, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The engine may hold part of the batch, which its position does not cover: reading the batch again
                // would count it twice, so the partition goes back to its checkpoint, by whoever takes it next.
                await AbandonAsync(partition).ConfigureAwait(false);
                throw;
            }

            partition.Position = records[^1].Position;
            partition.Unsaved = true;
            Interlocked.Add(ref events, batch.Count);
            telemetry?.StreamEvents.Add(batch.Count, setTag, new KeyValuePair<string, object?>(TelemetryTags.Outcome, "ingested"));
        }

        if (partition.Unsaved && time.GetElapsedTime(partition.CheckpointedAt) >= options.CheckpointInterval)
        {
            await CheckpointAsync(partition, cancellationToken).ConfigureAwait(false);
        }

        return records.Count;
    }

    private List<TEvent> Decode(OwnedPartition<TEvent> partition, IReadOnlyList<FeatureStreamRecord> records)
    {
        var batch = new List<TEvent>(records.Count);
        foreach (FeatureStreamRecord record in records)
        {
            try
            {
                TEvent e = codec.Decode(record.Payload.Span);
                features.Probe(e);
                batch.Add(e);
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                // Skipped, counted and logged: one event that cannot be read, keyed or computed must not stop its partition
                // for good, as it would if it failed the batch on every retry.
                Interlocked.Increment(ref undecodable);
                telemetry?.StreamEvents.Add(1, setTag, new KeyValuePair<string, object?>(TelemetryTags.Outcome, "undecodable"));
                StreamsLog.EventSkipped(logger, features.Name, partition.Lease.Partition, record.Position, failure);
            }
        }

        return batch;
    }

    /// <summary>
    /// Writes each entity's vector after its last event in the batch: row features from that event, windows as of the
    /// entity's newest event, under the newest event's time, with the sequence of the last event in the partition (how
    /// many events the partition's engine had ingested with it). The vector then depends only on the entity's events up
    /// to that one, so it is the same whichever batch carried them, and one that took more events replaces the one before.
    /// </summary>
    private async Task WriteVectorsAsync(FeatureEngine<TEvent> engine, List<TEvent> batch, long before, CancellationToken cancellationToken)
    {
        var newest = new Dictionary<string, (TEvent Event, long Sequence)>(StringComparer.Ordinal);
        for (int j = 0; j < batch.Count; j++)
        {
            newest[features.EntityKey(batch[j])] = (batch[j], before + j + 1);
        }

        if (newest.Count == 0)
        {
            return;
        }

        var values = new double[newest.Count * features.Width];
        var writes = new FeatureVectorWrite[newest.Count];
        int i = 0;
        foreach ((string key, (TEvent e, long sequence)) in newest)
        {
            Memory<double> vector = values.AsMemory(i * features.Width, features.Width);
            DateTimeOffset asOf = engine.ComputeLatest(e, vector.Span);
            writes[i++] = new FeatureVectorWrite(key, asOf, vector, sequence);
        }

        var outcomes = new FeatureWriteOutcome[writes.Length];
        await store.WriteManyAsync(writes, outcomes, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref vectorsWritten, outcomes.Count(o => o == FeatureWriteOutcome.Written));
    }

    /// <returns>False when the lease was lost and the partition dropped.</returns>
    private async Task<bool> CheckpointAsync(OwnedPartition<TEvent> partition, CancellationToken cancellationToken)
    {
        if (partition.Position is null)
        {
            return true;
        }

        long started = time.GetTimestamp();
        using var state = new MemoryStream();
        partition.Engine.WriteSnapshot(state);
        var checkpoint = new PartitionCheckpoint(partition.Position, state.GetBuffer().AsMemory(0, (int)state.Length));
        if (!await coordinator.WriteCheckpointAsync(partition.Lease, checkpoint, options.LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            Lose(partition);
            return false;
        }

        (partition.Unsaved, partition.CheckpointedAt) = (false, time.GetTimestamp());
        Interlocked.Increment(ref checkpoints);
        telemetry?.StreamCheckpoints.Record(time.GetElapsedTime(started).TotalSeconds, setTag);
        await stream.CommitAsync(partition.Lease, partition.Position, options.TrimProcessed, cancellationToken).ConfigureAwait(false);

        return true;
    }

    private async Task HandOverAsync(OwnedPartition<TEvent> partition, CancellationToken cancellationToken)
    {
        if (partition.Unsaved && !await CheckpointAsync(partition, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await coordinator.ReleaseAsync(partition.Lease, cancellationToken).ConfigureAwait(false);
        lock (owned)
        {
            owned.Remove(partition.Lease.Partition);
        }

        Interlocked.Increment(ref released);
        CountPartition("released");
        StreamsLog.PartitionReleased(logger, features.Name, options.ProcessorId, partition.Lease.Partition);
    }

    private async Task AbandonAsync(OwnedPartition<TEvent> partition)
    {
        lock (owned)
        {
            owned.Remove(partition.Lease.Partition);
        }

        try
        {
            await coordinator.ReleaseAsync(partition.Lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // The lease then expires on its own; until it does, no one else processes the partition.
            StreamsLog.StepFailed(logger, features.Name, options.ProcessorId, failure);
        }

        Interlocked.Increment(ref lost);
        CountPartition("lost");
        StreamsLog.PartitionLost(logger, features.Name, options.ProcessorId, partition.Lease.Partition, partition.Lease.Token);
    }

    private void CountPartition(string change) =>
        telemetry?.StreamPartitions.Add(1, setTag, new KeyValuePair<string, object?>(TelemetryTags.Change, change));

    private void Lose(OwnedPartition<TEvent> partition)
    {
        lock (owned)
        {
            owned.Remove(partition.Lease.Partition);
        }

        Interlocked.Increment(ref lost);
        CountPartition("lost");
        StreamsLog.PartitionLost(logger, features.Name, options.ProcessorId, partition.Lease.Partition, partition.Lease.Token);
    }
}
