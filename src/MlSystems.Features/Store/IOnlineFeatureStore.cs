namespace MlSystems.Features;

/// <summary>Per-entity feature vectors for serving, written by a feature pipeline and read per request.</summary>
public interface IOnlineFeatureStore
{
    /// <summary>Stores <paramref name="vector"/> for <paramref name="entity"/> as of <paramref name="eventTime"/>, unless a vector of the same or a later event time is already there.</summary>
    FeatureWriteOutcome Write(string entity, DateTimeOffset eventTime, ReadOnlySpan<double> vector);

    /// <summary>Copies the entity's vector to <paramref name="destination"/> and says whether it is fresh relative to <paramref name="now"/> and <paramref name="maxAge"/>.</summary>
    FeatureReadStatus Read(string entity, Span<double> destination, DateTimeOffset now, TimeSpan maxAge);
}
