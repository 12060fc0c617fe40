using System.Globalization;
using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>
/// A feature event stream on Redis Streams: one stream per partition, each event an entry with one field, read through a
/// consumer group by the partition's lease holder. A read is one script that checks the lease, claims (XAUTOCLAIM) the
/// entries after the reader's position that an earlier holder was delivered but no checkpoint covers, then reads new
/// ones (XREADGROUP): a successor resumes exactly after the checkpoint, and a holder that lost its lease reads nothing.
/// A commit acknowledges (XACK) what a checkpoint covers, may trim it (XTRIM MINID) and drops consumers of past runs.
/// Needs Redis 7.0 or later (XAUTOCLAIM drops trimmed entries from the pending list there). Thread-safe.
/// </summary>
public sealed class RedisFeatureEventLog : IFeatureEventLog
{
    /// <summary>The largest event payload accepted, in bytes.</summary>
    public const int MaxPayloadBytes = 1 << 20;

    private static readonly RedisValue Field = "e";

    private readonly IDatabase database;
    private readonly RedisStreamKeys keys;
    private readonly RedisValue group;

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
        group = options.ConsumerGroup;
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
    public async ValueTask<IReadOnlyList<FeatureStreamRecord>> ReadAsync(PartitionLease lease, string? after, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        RedisKey key = keys.Events(lease.Partition);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        RedisResult result;
        try
        {
            result = await database.ScriptEvaluateAsync(
                StreamReadScript.Source,
                [keys.Lease(lease.Partition), key],
                [RedisPartitionCoordinator.ValueOf(lease), group, lease.Owner, After(after, nameof(after)), maxCount]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException error) when (error.Message.Contains(StreamReadScript.Fenced, StringComparison.Ordinal))
        {
            throw new PartitionFencedException(lease);
        }

        var entries = (RedisResult[])result!;
        var records = new FeatureStreamRecord[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = (RedisResult[])entries[i]!;
            var fields = (RedisResult[])entry[1]!;
            byte[]? payload = null;
            for (int f = 0; f + 1 < fields.Length; f += 2)
            {
                if ((string?)fields[f] == "e")
                {
                    payload = (byte[]?)fields[f + 1];
                }
            }

            records[i] = new FeatureStreamRecord((string)entry[0]!, payload ?? ReadOnlyMemory<byte>.Empty);
        }

        return records;
    }

    /// <inheritdoc />
    public async ValueTask CommitAsync(PartitionLease lease, string upTo, bool trim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentException.ThrowIfNullOrEmpty(upTo);
        RedisKey key = keys.Events(lease.Partition);
        _ = After(upTo, nameof(upTo));
        await database.ScriptEvaluateAsync(StreamCommitScript.Source, [key], [group, upTo, trim ? "1" : "0", lease.Owner]).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first id after <paramref name="position"/> (inclusive bounds are what XAUTOCLAIM takes).</summary>
    private static string After(string? position, string parameter)
    {
        if (position is null)
        {
            return "0-0";
        }

        int dash = position.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !ulong.TryParse(position.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out ulong milliseconds)
            || !ulong.TryParse(position.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong sequence))
        {
            throw new ArgumentException($"'{position}' is not a Redis stream id (milliseconds-sequence).", parameter);
        }

        return sequence == ulong.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds + 1}-0")
            : string.Create(CultureInfo.InvariantCulture, $"{milliseconds}-{sequence + 1}");
    }
}
