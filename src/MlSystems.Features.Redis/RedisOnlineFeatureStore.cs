using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>
/// An <see cref="IOnlineFeatureStore"/> on Redis, shared by every replica that reads and every pipeline that writes:
/// one string per entity under <c>{KeyPrefix}{feature set}:{entity}</c>, holding the vector in
/// <see cref="FeatureVectorFormat"/> (event time, feature set name, version and definition fingerprint, values bit for bit).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Writes</b> run one server-side script per batch that reads every key, compares event times and writes only
/// the newer vectors, atomically — concurrent writers on any number of hosts leave the newest vector (Feast's Redis store
/// reads, then writes, from the client, so two writers can race). A key holding a value of another format fails its
/// call, nothing of that call written. A vector of another version of the feature set is replaced whatever its time (a
/// backfill by the new version takes over); run one version's writers at a time, since two versions' writers on one
/// key replace each other and each version's readers refuse the other's vectors.</item>
/// <item><b>Expiry</b>: with <see cref="RedisOnlineFeatureStoreOptions.TimeToLive"/>, each vector carries a server-side
/// expiry at its event time plus the time to live (on the server's clock), so Redis holds only the entities written
/// within it.</item>
/// <item><b>Reads</b> are a GET, or one MGET per <see cref="RedisOnlineFeatureStoreOptions.BatchSize"/> entities
/// (pipelined); a vector written by another version of the feature set throws <see cref="FeatureVectorMismatchException"/>.</item>
/// <item>A batch larger than the batch size is split and its calls pipelined; each call is atomic, the batch as a whole
/// is not: when one call fails, the others may have landed, and the error says which call failed.</item>
/// <item>Needs Redis 6.2 or later (<c>SET … PXAT</c>); tested on 7.0.</item>
/// <item>Connection faults surface as StackExchange.Redis's exceptions (<see cref="RedisConnectionException"/>,
/// <see cref="RedisTimeoutException"/>); the multiplexer reconnects on its own. Written for one Redis server or primary:
/// a batch's keys are not grouped by cluster slot.</item>
/// </list>
/// Thread-safe; the store owns nothing it must dispose (the connection is the caller's).
/// </remarks>
public sealed class RedisOnlineFeatureStore : IOnlineFeatureStore
{
    private readonly IDatabase database;
    private readonly RedisOnlineFeatureStoreOptions options;
    private readonly string keyStem;
    private readonly long timeToLiveMilliseconds;
    private readonly int vectorLength;
    private readonly FeatureTelemetry? telemetry;
    private readonly KeyValuePair<string, object?> setTag;
    private long reads, writes, ignored, missing, stale, expired;

    /// <summary>Creates a store for vectors of <paramref name="schema"/> on <paramref name="connection"/>.</summary>
    /// <param name="connection">The Redis connection; the caller owns it.</param>
    /// <param name="schema">The feature set's schema (<see cref="FeatureSet{TEvent}.Schema"/>): what every vector read must match.</param>
    /// <param name="options">Key layout, time to live and batch size; the defaults when null. Copied.</param>
    /// <exception cref="ArgumentNullException">The connection or the schema is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (named), the schema is wider than <see cref="FeatureVectorFormat.MaxWidth"/>, or its name has a ':'.</exception>
    public RedisOnlineFeatureStore(IConnectionMultiplexer connection, FeatureVectorSchema schema, RedisOnlineFeatureStoreOptions? options = null)
        : this(connection, schema, options, telemetry: null)
    {
    }

    internal RedisOnlineFeatureStore(IConnectionMultiplexer connection, FeatureVectorSchema schema, RedisOnlineFeatureStoreOptions? options, FeatureTelemetry? telemetry)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(schema);
        vectorLength = FeatureVectorFormat.GetLength(schema);
        if (schema.Name.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Feature set '{schema.Name}' has a ':' in its name: its keys ({{prefix}}{{name}}:{{entity}}) could collide with another set's.", nameof(schema));
        }

        this.options = options?.Clone() ?? new RedisOnlineFeatureStoreOptions();
        this.options.Validate();
        Schema = schema;
        database = connection.GetDatabase(this.options.Database);
        keyStem = $"{this.options.KeyPrefix}{schema.Name}:";
        timeToLiveMilliseconds = this.options.TimeToLive is TimeSpan ttl ? (long)ttl.TotalMilliseconds : 0;
        this.telemetry = telemetry;
        setTag = new KeyValuePair<string, object?>(TelemetryTags.FeatureSet, schema.Name);
    }

    /// <summary>The schema every vector is written with and read against.</summary>
    public FeatureVectorSchema Schema { get; }

    /// <inheritdoc/>
    public int Width => Schema.Width;

    /// <summary>
    /// What this instance has served and written: reads, writes applied, writes ignored as older, missing and stale reads,
    /// and writes of vectors already past the time to live (released at once). Expiries the server runs later show in
    /// Redis's own <c>INFO stats</c> (<c>expired_keys</c>).
    /// </summary>
    public OnlineFeatureStoreCounters Counters =>
        new(Interlocked.Read(ref reads), Interlocked.Read(ref writes), Interlocked.Read(ref ignored), Interlocked.Read(ref missing), Interlocked.Read(ref stale), Interlocked.Read(ref expired));

    /// <summary>The Redis key of an entity's vector.</summary>
    /// <exception cref="ArgumentException">The entity is not a valid key.</exception>
    public string KeyOf(string entity)
    {
        OnlineFeatureStoreLimits.ValidateEntity(entity, nameof(entity));
        return keyStem + entity;
    }

    /// <inheritdoc/>
    public async ValueTask<FeatureWriteOutcome> WriteAsync(string entity, DateTimeOffset eventTime, ReadOnlyMemory<double> vector, CancellationToken cancellationToken = default)
    {
        OnlineFeatureStoreLimits.ValidateWrite(entity, vector.Length, Width);
        var outcome = new FeatureWriteOutcome[1];
        await WriteManyAsync([new FeatureVectorWrite(entity, eventTime, vector)], outcome, cancellationToken).ConfigureAwait(false);
        return outcome[0];
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">A key holds a value that is not a feature vector; nothing of its call was written (other calls of a split batch may have been).</exception>
    public async ValueTask WriteManyAsync(IReadOnlyList<FeatureVectorWrite> writes, Memory<FeatureWriteOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        FeatureVectorWrite[] batch = writes as FeatureVectorWrite[] ?? [.. writes];
        OnlineFeatureStoreLimits.ValidateWrites(batch, outcomes.Length, Width);
        cancellationToken.ThrowIfCancellationRequested();
        int size = options.BatchSize;
        var calls = new Task<RedisResult>[(batch.Length + size - 1) / size];
        for (int c = 0; c < calls.Length; c++)
        {
            int start = c * size, count = Math.Min(size, batch.Length - start);
            var keys = new RedisKey[count];
            var arguments = new RedisValue[2 * count];
            for (int i = 0; i < count; i++)
            {
                FeatureVectorWrite write = batch[start + i];
                keys[i] = keyStem + write.Entity;
                byte[] encoded = new byte[vectorLength];
                FeatureVectorFormat.Write(Schema, write.EventTime, write.Sequence, write.Vector.Span, encoded);
                arguments[2 * i] = encoded;
                arguments[(2 * i) + 1] = timeToLiveMilliseconds == 0 ? RedisValue.EmptyString : write.EventTime.ToUnixTimeMilliseconds() + timeToLiveMilliseconds;
            }

            calls[c] = database.ScriptEvaluateAsync(GuardedWriteScript.Source, keys, arguments);
        }

        for (int c = 0; c < calls.Length; c++)
        {
            RedisResult result;
            try
            {
                result = await calls[c].WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException exception) when (exception.Message.Contains("MLFV_FOREIGN ", StringComparison.Ordinal))
            {
                ObserveRest(calls, c + 1);
                int position = (c * size) + int.Parse(exception.Message.AsSpan(exception.Message.IndexOf("MLFV_FOREIGN ", StringComparison.Ordinal) + "MLFV_FOREIGN ".Length), System.Globalization.CultureInfo.InvariantCulture) - 1;
                throw new InvalidDataException($"Key '{keyStem}{batch[position].Entity}' holds a value that is not an MlSystems feature vector; the {Math.Min(size, batch.Length - (c * size))} writes sent with it were not applied.", exception);
            }

            RedisResult[] perKey = (RedisResult[])result!;
            Span<FeatureWriteOutcome> target = outcomes.Span;
            for (int i = 0; i < perKey.Length; i++)
            {
                long code = (long)perKey[i];
                target[(c * size) + i] = code == GuardedWriteScript.Ignored ? FeatureWriteOutcome.Ignored : FeatureWriteOutcome.Written;
                Count(code);
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The key holds a value that is not a feature vector.</exception>
    public async ValueTask<FeatureReadStatus> ReadAsync(string entity, Memory<double> destination, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        OnlineFeatureStoreLimits.ValidateRead(entity, destination.Length, maxAge, Width);
        cancellationToken.ThrowIfCancellationRequested();
        using Lease<byte>? lease = await database.StringGetLeaseAsync(keyStem + entity).WaitAsync(cancellationToken).ConfigureAwait(false);
        return Decode(entity, lease is null ? (ReadOnlyMemory<byte>?)null : lease.Memory, destination.Span, now, maxAge);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">A key holds a value that is not a feature vector.</exception>
    public async ValueTask ReadManyAsync(IReadOnlyList<string> entities, Memory<double> destination, Memory<FeatureReadStatus> statuses, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        OnlineFeatureStoreLimits.ValidateReads(entities, destination.Length, statuses.Length, maxAge, Width);
        cancellationToken.ThrowIfCancellationRequested();
        int size = options.BatchSize;
        var calls = new Task<RedisValue[]>[(entities.Count + size - 1) / size];
        for (int c = 0; c < calls.Length; c++)
        {
            int start = c * size;
            var keys = new RedisKey[Math.Min(size, entities.Count - start)];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = keyStem + entities[start + i];
            }

            calls[c] = database.StringGetAsync(keys);
        }

        for (int c = 0; c < calls.Length; c++)
        {
            RedisValue[] values = await calls[c].WaitAsync(cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < values.Length; i++)
            {
                int k = (c * size) + i;
                ReadOnlyMemory<byte>? bytes = values[i].IsNull ? (ReadOnlyMemory<byte>?)null : (ReadOnlyMemory<byte>)values[i];
                statuses.Span[k] = Decode(entities[k], bytes, destination.Span.Slice(k * Width, Width), now, maxAge);
            }
        }
    }

    /// <summary>Lets the calls after a failed one finish unobserved without an unobserved-task exception; they may have landed.</summary>
    private static void ObserveRest(Task<RedisResult>[] calls, int from)
    {
        for (int c = from; c < calls.Length; c++)
        {
            _ = calls[c].ContinueWith(static t => { _ = t.Exception; }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private FeatureReadStatus Decode(string entity, ReadOnlyMemory<byte>? stored, Span<double> destination, DateTimeOffset now, TimeSpan maxAge)
    {
        Interlocked.Increment(ref reads);
        if (stored is not { } bytes)
        {
            Interlocked.Increment(ref missing);
            telemetry?.StoreReads.Add(1, setTag, new KeyValuePair<string, object?>(TelemetryTags.Status, "missing"));
            return FeatureReadStatus.Missing;
        }

        DateTimeOffset eventTime = FeatureVectorFormat.Read(Schema, bytes.Span, destination, entity);
        if (now - eventTime > maxAge)
        {
            Interlocked.Increment(ref stale);
            telemetry?.StoreReads.Add(1, setTag, new KeyValuePair<string, object?>(TelemetryTags.Status, "stale"));
            return FeatureReadStatus.Stale;
        }

        telemetry?.StoreReads.Add(1, setTag, new KeyValuePair<string, object?>(TelemetryTags.Status, "fresh"));
        return FeatureReadStatus.Fresh;
    }

    private void Count(long code)
    {
        switch (code)
        {
            case GuardedWriteScript.Ignored:
                Interlocked.Increment(ref ignored);
                break;
            case GuardedWriteScript.Written:
                Interlocked.Increment(ref writes);
                break;
            case GuardedWriteScript.WrittenExpired:
                Interlocked.Increment(ref writes);
                Interlocked.Increment(ref expired);
                telemetry?.StoreExpired.Add(1, setTag);
                break;
            default:
                throw new InvalidOperationException($"The guarded-write script answered {code}, which this version does not know.");
        }
    }
}
