namespace MlSystems.Features;

/// <summary>
/// Per-entity feature vectors for serving, written by a feature pipeline and read per request. Every implementation keeps
/// the same contract, checked by one conformance suite:
/// <list type="bullet">
/// <item>A write lands only when the store holds no vector of the same or a later event time for the entity, decided
/// atomically where the vectors live, so concurrent writers on any number of hosts leave the newest vector.</item>
/// <item>With a time to live, a vector whose event time is that long past reads as missing and its memory is released.</item>
/// <item>Values are kept bit for bit, NaN and infinities included.</item>
/// <item>Entities are non-empty, well-formed UTF-16 strings of at most <see cref="OnlineFeatureStoreLimits.MaxEntityLength"/>
/// characters; a batch is checked whole before anything is written.</item>
/// </list>
/// </summary>
/// <remarks>
/// The batched calls cost one round trip per <em>batch</em> where the store is remote; prefer them when a request or a
/// pipeline step touches several entities. Implementations are thread-safe.
/// </remarks>
public interface IOnlineFeatureStore
{
    /// <summary>The vector length.</summary>
    int Width { get; }

    /// <summary>Stores <paramref name="vector"/> for <paramref name="entity"/> as of <paramref name="eventTime"/>, unless a vector of the same or a later event time is already there.</summary>
    /// <exception cref="ArgumentException">The entity is not a valid key, or the vector's length is not <see cref="Width"/>.</exception>
    ValueTask<FeatureWriteOutcome> WriteAsync(string entity, DateTimeOffset eventTime, ReadOnlyMemory<double> vector, CancellationToken cancellationToken = default);

    /// <summary>Stores many vectors, each under the rule of <see cref="WriteAsync"/>, in as few round trips as the store allows.</summary>
    /// <param name="writes">The vectors; one entity may appear more than once (the newest wins).</param>
    /// <param name="outcomes">Receives each write's outcome, in order; at least as long as <paramref name="writes"/>.</param>
    /// <param name="cancellationToken">Cancels the wait; writes already sent may have landed.</param>
    /// <exception cref="ArgumentException">A write's entity or vector is invalid (its position named), or <paramref name="outcomes"/> is too short; nothing was written.</exception>
    ValueTask WriteManyAsync(IReadOnlyList<FeatureVectorWrite> writes, Memory<FeatureWriteOutcome> outcomes, CancellationToken cancellationToken = default);

    /// <summary>Copies the entity's vector to <paramref name="destination"/> and says whether it is fresh relative to <paramref name="now"/> and <paramref name="maxAge"/>.</summary>
    /// <exception cref="ArgumentException">The entity is not a valid key, the destination is shorter than <see cref="Width"/>, or the maximum age is negative.</exception>
    /// <exception cref="FeatureVectorMismatchException">The stored vector was written by another version of the feature set.</exception>
    ValueTask<FeatureReadStatus> ReadAsync(string entity, Memory<double> destination, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default);

    /// <summary>Reads many entities' vectors in as few round trips as the store allows.</summary>
    /// <param name="entities">The entities.</param>
    /// <param name="destination">Receives entity i's vector at [i·<see cref="Width"/>, (i + 1)·<see cref="Width"/>); a missing entity's slice is untouched.</param>
    /// <param name="statuses">Receives each entity's status, in order.</param>
    /// <param name="now">The reader's clock.</param>
    /// <param name="maxAge">The age beyond which a vector reads as stale.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An entity is invalid (its position named), a buffer is too short, or the maximum age is negative.</exception>
    /// <exception cref="FeatureVectorMismatchException">A stored vector was written by another version of the feature set.</exception>
    ValueTask ReadManyAsync(IReadOnlyList<string> entities, Memory<double> destination, Memory<FeatureReadStatus> statuses, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default);
}
