using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>
/// Membership, fenced partition leases and checkpoints for a feature stream's processors, on Redis. Each operation is
/// one server-side script, decided on the server's clock; a checkpoint is written only while the writer's lease is the
/// partition's current one, in the same script that checks it. Thread-safe.
/// </summary>
public sealed class RedisPartitionCoordinator : IPartitionCoordinator
{
    /// <summary>The largest checkpoint accepted, in bytes (Redis strings hold at most 512 MB).</summary>
    public const int MaxCheckpointBytes = 256 << 20;

    private readonly IDatabase database;
    private readonly RedisStreamKeys keys;

    /// <summary>A coordinator of <paramref name="featureSet"/>' processors over <paramref name="connection"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or the name holds a brace (Redis reads it as a hash tag).</exception>
    public RedisPartitionCoordinator(IConnectionMultiplexer connection, string featureSet, RedisFeatureStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options = options?.Clone() ?? new RedisFeatureStreamOptions();
        options.Validate();
        keys = new RedisStreamKeys(options.KeyPrefix, featureSet, options.PartitionCount);
        database = connection.GetDatabase(options.Database);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> HeartbeatAsync(string processor, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(processor);
        RedisResult result = await database.ScriptEvaluateAsync(LeaseScripts.Heartbeat, [keys.Members], [processor, Milliseconds(timeToLive)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        string[] members = [.. ((RedisResult[])result!).Select(m => (string)m!)];
        Array.Sort(members, StringComparer.Ordinal);
        return members;
    }

    /// <inheritdoc />
    public async ValueTask LeaveAsync(string processor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(processor);
        await database.SortedSetRemoveAsync(keys.Members, processor).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<PartitionLease?> TryAcquireAsync(int partition, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (owner.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Processor id '{owner}' holds '|', which separates a lease's token from its owner.", nameof(owner));
        }

        RedisResult result = await database.ScriptEvaluateAsync(LeaseScripts.Acquire, [keys.Lease(partition), keys.Fence(partition)], [owner, Milliseconds(duration)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        long token = (long)result;
        return token < 0 ? null : new PartitionLease(partition, owner, token);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewAsync(PartitionLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        RedisResult result = await database.ScriptEvaluateAsync(LeaseScripts.Renew, [keys.Lease(lease.Partition)], [ValueOf(lease), Milliseconds(duration)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(PartitionLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await database.ScriptEvaluateAsync(LeaseScripts.Release, [keys.Lease(lease.Partition)], [ValueOf(lease)]).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The stored checkpoint is not one this coordinator wrote.</exception>
    public async ValueTask<PartitionCheckpoint?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default)
    {
        RedisValue stored = await database.StringGetAsync(keys.Checkpoint(partition)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (stored.IsNull)
        {
            return null;
        }

        byte[] bytes = (byte[])stored!;
        int length = bytes.Length >= sizeof(int) ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
        if (length <= 0 || length > bytes.Length - sizeof(int))
        {
            throw new InvalidDataException($"The checkpoint of partition {partition} is not an MlSystems partition checkpoint ({bytes.Length} bytes).");
        }

        string position = Encoding.UTF8.GetString(bytes, sizeof(int), length);
        return new PartitionCheckpoint(position, bytes.AsMemory(sizeof(int) + length));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The position is empty, or the checkpoint is larger than <see cref="MaxCheckpointBytes"/>; nothing was written.</exception>
    public async ValueTask<bool> WriteCheckpointAsync(PartitionLease lease, PartitionCheckpoint checkpoint, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint.Position, nameof(checkpoint));
        int positionBytes = Encoding.UTF8.GetByteCount(checkpoint.Position);
        long total = sizeof(int) + (long)positionBytes + checkpoint.State.Length;
        if (total > MaxCheckpointBytes)
        {
            throw new ArgumentException($"The checkpoint of partition {lease.Partition} is {total} bytes; at most {MaxCheckpointBytes} are stored.", nameof(checkpoint));
        }

        var bytes = new byte[total];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, positionBytes);
        Encoding.UTF8.GetBytes(checkpoint.Position, bytes.AsSpan(sizeof(int)));
        checkpoint.State.Span.CopyTo(bytes.AsSpan(sizeof(int) + positionBytes));
        RedisResult result = await database.ScriptEvaluateAsync(LeaseScripts.Checkpoint, [keys.Lease(lease.Partition), keys.Checkpoint(lease.Partition)], [ValueOf(lease), bytes, Milliseconds(duration)])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <summary>A lease as the scripts hold it: <c>token|owner</c>.</summary>
    internal static string ValueOf(PartitionLease lease) => $"{lease.Token.ToString(CultureInfo.InvariantCulture)}|{lease.Owner}";

    private static long Milliseconds(TimeSpan span)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, TimeSpan.FromMilliseconds(1), nameof(span));
        return (long)Math.Ceiling(span.TotalMilliseconds);
    }
}
