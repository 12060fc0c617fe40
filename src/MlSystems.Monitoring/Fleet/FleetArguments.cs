namespace MlSystems.Monitoring;

/// <summary>
/// The checks every <see cref="IFleetStore"/> applies at its boundary, before anything is written: names and holders
/// bounded and free of U+0000 (which PostgreSQL text cannot hold), counts and durations in range.
/// </summary>
/// <remarks>Visible to the packages with a fleet store, so every backend refuses the same input alike.</remarks>
internal static class FleetArguments
{
    /// <summary>The longest model name, host id or lease holder, in characters.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The most summaries or plan revisions one read returns.</summary>
    public const int MaxReadCount = 10_000;

    /// <summary>The longest lease.</summary>
    public static readonly TimeSpan MaxLeaseDuration = TimeSpan.FromDays(1);

    /// <summary>Refuses an empty or over-long name, or one holding U+0000.</summary>
    /// <exception cref="ArgumentException">The name is unusable; the message names <paramref name="parameterName"/>.</exception>
    public static void Name(string? value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        if (value.Length > MaxNameLength)
        {
            throw new ArgumentException($"The {parameterName} is {value.Length} characters long; at most {MaxNameLength} are allowed.", parameterName);
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {parameterName} holds the character U+0000, which the stores cannot keep.", parameterName);
        }
    }

    /// <summary>Refuses a null lease, or one whose model name or holder no store could have given out.</summary>
    /// <exception cref="ArgumentException">The lease is unusable; the exception names <paramref name="parameterName"/>.</exception>
    public static void Lease(FleetLease? lease, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(lease, parameterName);
        try
        {
            Name(lease.ModelName, parameterName);
            Name(lease.Holder, parameterName);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The lease's model name or holder is unusable: {e.Message}", parameterName, e);
        }
    }

    /// <summary>Refuses a read size outside 1 to <see cref="MaxReadCount"/>.</summary>
    public static void ReadCount(int maxCount, string parameterName)
    {
        if (maxCount is < 1 or > MaxReadCount)
        {
            throw new ArgumentOutOfRangeException(parameterName, maxCount, $"A read returns between 1 and {MaxReadCount} entries.");
        }
    }

    /// <summary>Refuses a negative position or revision to read after.</summary>
    public static void After(long after, string parameterName)
    {
        if (after < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, after, "Reads start after position or revision 0 or later.");
        }
    }

    /// <summary>Refuses a lease duration that is not positive or is longer than <see cref="MaxLeaseDuration"/>.</summary>
    public static void LeaseDuration(TimeSpan duration, string parameterName)
    {
        if (duration <= TimeSpan.Zero || duration > MaxLeaseDuration)
        {
            throw new ArgumentOutOfRangeException(parameterName, duration, $"A lease lasts more than zero and at most {MaxLeaseDuration}.");
        }
    }

    /// <summary>Refuses a plan write whose format version or expected revision is out of range.</summary>
    public static void PlanWrite(FleetLease lease, long expectedRevision, int formatVersion, ReadOnlyMemory<byte> payload)
    {
        Lease(lease, nameof(lease));
        if (expectedRevision < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedRevision), expectedRevision, "The expected revision is 0 (no plan yet) or a written revision.");
        }

        if (formatVersion < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(formatVersion), formatVersion, "Format versions start at 1.");
        }

        if (payload.Length > FleetSummary.MaxPayloadBytes)
        {
            throw new ArgumentException($"The plan is {payload.Length} bytes; at most {FleetSummary.MaxPayloadBytes} are allowed.", nameof(payload));
        }
    }
}
