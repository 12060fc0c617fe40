namespace MlSystems.Monitoring;

/// <summary>
/// The state a fleet of serving hosts and their coordinators share for each model: the summaries the hosts flush every
/// interval, the coordinator's lease with its fencing token, and the plan every host routes from, kept as a gapless
/// history of revisions. New backends prove themselves by passing the fleet store conformance suite
/// (<c>FleetStoreConformanceTests</c> in the test project). Implementations are thread-safe and shared by processes on
/// many hosts.
/// </summary>
/// <remarks>
/// <para>
/// Every method validates its arguments before anything is written: an <see cref="ArgumentException"/> names the
/// parameter. Names, host ids and holders are at most 256 characters without U+0000; reads return 1 to 10,000 entries;
/// leases last more than zero and at most one day.
/// </para>
/// <para>
/// Lease expiry is judged by the clock of the host that calls (each store takes a <see cref="TimeProvider"/>). Clocks
/// that disagree can only make a lease change hands early or late, never let two holders act: every write under a lease
/// is refused unless its token is the current one.
/// </para>
/// </remarks>
public interface IFleetStore
{
    /// <summary>
    /// Stores one host's summary of one interval, exactly once: a flush whose model, host and sequence are already stored
    /// with the same contents changes nothing (a retry after a lost acknowledgement).
    /// </summary>
    /// <param name="summary">The summary.</param>
    /// <param name="cancellationToken">Cancels the flush; it is then stored whole or not at all.</param>
    /// <returns>Whether it was stored now or before.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The same model, host and sequence are stored with other contents (a host
    /// id reused by a run that numbers its flushes from 1 again); nothing changed.</exception>
    Task<FleetFlushOutcome> FlushAsync(FleetSummary summary, CancellationToken cancellationToken = default);

    /// <summary>
    /// The model's summaries after <paramref name="afterPosition"/>, in position order, at most <paramref name="maxCount"/>:
    /// read again after the last position returned to resume. Positions follow commit order, so resuming misses nothing.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="afterPosition">The last position already read; 0 for the first.</param>
    /// <param name="maxCount">The most summaries to return, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    Task<IReadOnlyList<StoredFleetSummary>> ReadSummariesAsync(string modelName, long afterPosition, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Every host with a stored summary of the model, by host id (ordinal).</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException"><paramref name="modelName"/> is unusable.</exception>
    Task<IReadOnlyList<FleetHost>> ReadHostsAsync(string modelName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the model's summaries whose interval ended before <paramref name="intervalEndBefore"/>. Positions are never
    /// reused, so readers resume as before. A host whose every summary is removed is no longer listed by
    /// <see cref="ReadHostsAsync"/>.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="intervalEndBefore">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>How many summaries were removed.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelName"/> is unusable.</exception>
    Task<long> PruneSummariesAsync(string modelName, DateTimeOffset intervalEndBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the model's lease for <paramref name="holder"/> when nobody holds it or it has lapsed, with a new token; when
    /// <paramref name="holder"/> already holds it unlapsed, extends it and keeps the token.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="holder">Who asks: unique per coordinator process.</param>
    /// <param name="duration">How long the lease lasts from now.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The lease, or null while another holder's lease has not lapsed.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    Task<FleetLease?> TryAcquireLeaseAsync(string modelName, string holder, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends <paramref name="lease"/> to <paramref name="duration"/> from now, keeping its token, while its token is the
    /// current one (even past its expiry, if nobody has taken it since).
    /// </summary>
    /// <param name="lease">The lease held.</param>
    /// <param name="duration">How long it lasts from now.</param>
    /// <param name="cancellationToken">Cancels the renewal.</param>
    /// <returns>The renewed lease, or null when another holder has taken it: stop acting.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    Task<FleetLease?> RenewLeaseAsync(FleetLease lease, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lets the lease lapse now, so another coordinator takes over at once rather than after the expiry; the token stays
    /// current until one does. A no-op when the lease has been taken since.
    /// </summary>
    /// <param name="lease">The lease held.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lease"/> is null.</exception>
    Task ReleaseLeaseAsync(FleetLease lease, CancellationToken cancellationToken = default);

    /// <summary>The model's lease as it stands, lapsed or not; null when it never had one.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException"><paramref name="modelName"/> is unusable.</exception>
    Task<FleetLease?> ReadLeaseAsync(string modelName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the model's next plan revision under <paramref name="lease"/>, when its token is current and the latest
    /// revision is <paramref name="expectedRevision"/>; both are checked in the write's own transaction, so a coordinator
    /// replaced at any moment cannot write.
    /// </summary>
    /// <param name="lease">The lease held.</param>
    /// <param name="expectedRevision">The latest revision the writer read; 0 when the model has no plan yet.</param>
    /// <param name="formatVersion">The version of the payload's format, from 1.</param>
    /// <param name="payload">The plan, at most 16 MiB.</param>
    /// <param name="cancellationToken">Cancels the write; it then happens whole or not at all.</param>
    /// <returns>The revision written, <paramref name="expectedRevision"/> + 1. A repeat of the latest write (same lease,
    /// expected revision, format and payload) returns that revision without writing again, so retrying a write whose
    /// acknowledgement was lost is safe.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    /// <exception cref="FleetLeaseLostException">Another holder has taken the lease; nothing was written.</exception>
    /// <exception cref="FleetPlanConflictException">The latest revision is not <paramref name="expectedRevision"/>; nothing was written.</exception>
    Task<FleetPlan> WritePlanAsync(FleetLease lease, long expectedRevision, int formatVersion, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>The model's latest plan revision; null when none was written.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException"><paramref name="modelName"/> is unusable.</exception>
    Task<FleetPlan?> ReadPlanAsync(string modelName, CancellationToken cancellationToken = default);

    /// <summary>The model's plan revisions after <paramref name="afterRevision"/>, oldest first, at most <paramref name="maxCount"/>.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="afterRevision">The last revision already read; 0 for the first.</param>
    /// <param name="maxCount">The most revisions to return, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    Task<IReadOnlyList<FleetPlan>> ReadPlanHistoryAsync(string modelName, long afterRevision, int maxCount, CancellationToken cancellationToken = default);
}
