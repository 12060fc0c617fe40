using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>
/// The traffic a canary of this model would see, measured before it starts: the rate at which outcomes reach the canary
/// (every served request, or every labelled one under a performance policy) and a window of the champion's outcomes,
/// so <see cref="CanaryPlanner"/> can size the plan from what the service really serves.
/// </summary>
/// <remarks>
/// <para>
/// The clock starts at the first check (no request can be routed before it) and the window is retired each
/// <see cref="Span"/>; a retired window is never written again, so the plan is sized from it while requests go on.
/// Outcomes of every version count towards the rate; only the champion's enter the window, so a rolled-back candidate
/// never becomes the baseline of the next canary.
/// </para>
/// <para><see cref="Add"/> is thread-safe; <see cref="Advance"/> and <see cref="Measure"/> are called by one check at a time.</para>
/// </remarks>
internal sealed class TrafficMeter
{
    /// <summary>How long a window collects before it is retired and a new one starts.</summary>
    public static readonly TimeSpan Span = TimeSpan.FromHours(24);

    /// <summary>
    /// The champion outcomes a window needs before it sizes a plan: enough for the error rate and a p99 latency to mean
    /// something (a p99 from 1,000 requests rests on ten of them).
    /// </summary>
    public const int MinimumBaseline = 1_000;

    /// <summary>The shortest span a rate is measured over, so a burst at start-up does not pass for the service's rate.</summary>
    public static readonly TimeSpan MinimumSpan = TimeSpan.FromMinutes(10);

    private readonly Lock gate = new();
    private CanaryWindow current = new();
    private long currentOutcomes;
    private DateTimeOffset? currentStart;
    private TrafficMeasurement? retired;

    /// <summary>Counts one outcome, and adds it to the window when the champion served it.</summary>
    public void Add(bool champion, in CanaryObservation observation)
    {
        lock (gate)
        {
            currentOutcomes++;
            if (champion)
            {
                current.Add(observation);
            }
        }
    }

    /// <summary>Starts the clock at the first check, and retires the window once it has collected for <see cref="Span"/>.</summary>
    public void Advance(DateTimeOffset now)
    {
        lock (gate)
        {
            if (currentStart is not DateTimeOffset start)
            {
                currentStart = now;
            }
            else if (now - start >= Span)
            {
                Retire(now, start);
            }
        }
    }

    /// <summary>
    /// The latest measurement with at least <see cref="MinimumBaseline"/> champion outcomes: the retired window, or the
    /// current one retired now when it has enough (over at least <see cref="MinimumSpan"/>); null when neither has. A
    /// retired window with too few is not passed over for an older one: the traffic it saw is the latest known.
    /// </summary>
    public TrafficMeasurement? Measure(DateTimeOffset now)
    {
        lock (gate)
        {
            if (retired is { } measured && measured.Baseline.Count >= MinimumBaseline)
            {
                return measured;
            }

            if (currentStart is DateTimeOffset start && now - start >= MinimumSpan && current.Count >= MinimumBaseline)
            {
                Retire(now, start);
                return retired;
            }

            return null;
        }
    }

    /// <summary>Forgets every measurement and starts a new window at <paramref name="now"/>: the champion changed.</summary>
    public void Restart(DateTimeOffset now)
    {
        lock (gate)
        {
            (current, currentOutcomes, currentStart, retired) = (new CanaryWindow(), 0, now, null);
        }
    }

    private void Retire(DateTimeOffset now, DateTimeOffset start)
    {
        // A window with no outcome at all says nothing of the rate; the older measurement stays.
        if (currentOutcomes > 0)
        {
            retired = new TrafficMeasurement(currentOutcomes / (now - start).TotalSeconds, current, start, now);
        }

        current = new CanaryWindow();
        currentOutcomes = 0;
        currentStart = now;
    }
}
