namespace MlSystems.Monitoring;

/// <summary>
/// What one serving host flushes for one interval: an opaque, versioned payload (the mergeable summaries of what the host
/// served), keyed by the model, the host and the host's sequence number, so that a flush retried after a lost
/// acknowledgement is stored once (see <see cref="IFleetStore.FlushAsync"/>).
/// </summary>
/// <remarks>Validated at construction: an instance is always one a store accepts. Times are kept in UTC.</remarks>
public sealed class FleetSummary
{
    /// <summary>The largest payload, in bytes: 16 MiB. A host's summaries are fixed-size sketches, far smaller.</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    private readonly ReadOnlyMemory<byte> payload;

    /// <summary>Creates a summary.</summary>
    /// <param name="modelName">The monitored model; at most 256 characters, no U+0000.</param>
    /// <param name="hostId">The flushing host, unique among the model's hosts and stable for one run of the host (a new
    /// run with a reset sequence needs a new id); at most 256 characters, no U+0000.</param>
    /// <param name="sequence">The host's number for this flush, from 1; a retry of the same flush carries the same number.</param>
    /// <param name="intervalStart">When the interval began.</param>
    /// <param name="intervalEnd">When it ended; not before <paramref name="intervalStart"/>.</param>
    /// <param name="formatVersion">The version of the payload's format, from 1, so a reader refuses one it does not know.</param>
    /// <param name="payload">The summaries, at most <see cref="MaxPayloadBytes"/>; copied.</param>
    /// <exception cref="ArgumentException">An argument is out of range; the exception names it.</exception>
    public FleetSummary(string modelName, string hostId, long sequence, DateTimeOffset intervalStart, DateTimeOffset intervalEnd, int formatVersion, ReadOnlySpan<byte> payload)
    {
        FleetArguments.Name(modelName, nameof(modelName));
        FleetArguments.Name(hostId, nameof(hostId));
        if (sequence < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "A host numbers its flushes from 1.");
        }

        if (intervalEnd < intervalStart)
        {
            throw new ArgumentException($"The interval ends at {intervalEnd:O}, before it starts at {intervalStart:O}.", nameof(intervalEnd));
        }

        if (formatVersion < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(formatVersion), formatVersion, "Format versions start at 1.");
        }

        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"The payload is {payload.Length} bytes; at most {MaxPayloadBytes} are allowed.", nameof(payload));
        }

        ModelName = modelName;
        HostId = hostId;
        Sequence = sequence;
        IntervalStart = intervalStart.ToUniversalTime();
        IntervalEnd = intervalEnd.ToUniversalTime();
        FormatVersion = formatVersion;
        this.payload = payload.ToArray();
    }

    /// <summary>The monitored model.</summary>
    public string ModelName { get; }

    /// <summary>The host that flushed it.</summary>
    public string HostId { get; }

    /// <summary>The host's number for this flush, from 1.</summary>
    public long Sequence { get; }

    /// <summary>When the interval began, in UTC.</summary>
    public DateTimeOffset IntervalStart { get; }

    /// <summary>When the interval ended, in UTC.</summary>
    public DateTimeOffset IntervalEnd { get; }

    /// <summary>The version of the payload's format.</summary>
    public int FormatVersion { get; }

    /// <summary>The summaries, as flushed.</summary>
    public ReadOnlyMemory<byte> Payload => payload;

    /// <summary>Whether <paramref name="other"/> is the same flush with the same contents: what makes a retry a duplicate.</summary>
    internal bool SameContents(FleetSummary other) =>
        IntervalStart == other.IntervalStart && IntervalEnd == other.IntervalEnd && FormatVersion == other.FormatVersion && payload.Span.SequenceEqual(other.payload.Span);

    /// <summary>The error for a flush whose key is taken by different contents: a host reused its id after a restart.</summary>
    internal InvalidOperationException ConflictError() =>
        new($"Host '{HostId}' already flushed sequence {Sequence} of model '{ModelName}' with other contents: a host id must not be reused by a run that numbers its flushes from 1 again.");
}
