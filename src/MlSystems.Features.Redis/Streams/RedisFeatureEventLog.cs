using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>
/// A feature event stream on Redis Streams: one stream per partition, each event an entry with one field. Reads are
/// exclusive ranges after a position (XRANGE), so a processor resumes exactly after its checkpoint; trimming (XTRIM
/// MINID) drops what a checkpoint covers. Thread-safe.
/// </summary>
public sealed class RedisFeatureEventLog : IFeatureEventLog
{
    /// <summary>The largest event payload accepted, in bytes.</summary>
    public const int MaxPayloadBytes = 1 << 20;

    private static readonly RedisValue Field = "e";

    private readonly IDatabase database;
    private readonly RedisStreamKeys keys;

    /// <summary>A stream of <paramref name="featureSet"/>' events over <paramref name="connection"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or the name holds a brace (Redis reads it as a hash tag).</exception>
    public RedisFeatureEventLog(IConnectionMultiplexer connection, string featureSet, RedisFeatureStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options = options?.Clone() ?? new RedisFeatureStreamOptions();
        options.Validate();
        keys = new RedisStreamKeys(options.KeyPrefix, featureSet, options.PartitionCount);
        database = connection.GetDatabase(options.Database);
    }

    /// <inheritdoc />
    public int PartitionCount => keys.PartitionCount;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A payload is empty or larger than <see cref="MaxPayloadBytes"/> (its index given); nothing was appended.</exception>
    public async ValueTask AppendAsync(int partition, IReadOnlyList<ReadOnlyMemory<byte>> payloads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        RedisKey key = keys.Events(partition);
        for (int i = 0; i < payloads.Count; i++)
        {
            if (payloads[i].IsEmpty || payloads[i].Length > MaxPayloadBytes)
            {
                throw new ArgumentException($"Payload {i} is {payloads[i].Length} bytes; an event takes 1 to {MaxPayloadBytes}.", nameof(payloads));
            }
        }

        // Commands on one connection run in the order sent: pipelined, the entries keep the payloads' order.
        var appends = new Task[payloads.Count];
        for (int i = 0; i < payloads.Count; i++)
        {
            appends[i] = database.StreamAddAsync(key, Field, payloads[i]);
        }

        await Task.WhenAll(appends).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<FeatureStreamRecord>> ReadAsync(int partition, string? after, int maxCount, CancellationToken cancellationToken = default)
    {
        RedisKey key = keys.Events(partition);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        StreamEntry[] entries = await database.StreamRangeAsync(key, after is null ? "-" : "(" + after, "+", maxCount).WaitAsync(cancellationToken).ConfigureAwait(false);
        var records = new FeatureStreamRecord[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            RedisValue payload = entries[i][Field];
            records[i] = new FeatureStreamRecord(entries[i].Id.ToString(), payload.IsNull ? ReadOnlyMemory<byte>.Empty : (byte[])payload!);
        }

        return records;
    }

    /// <inheritdoc />
    public async ValueTask TrimAsync(int partition, string upTo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(upTo);
        RedisKey key = keys.Events(partition);

        // MINID keeps the entry at upTo itself, which reads after it never return.
        await database.ExecuteAsync("XTRIM", key, "MINID", upTo).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
