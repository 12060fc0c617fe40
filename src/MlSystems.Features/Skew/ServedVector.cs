namespace MlSystems.Features;

/// <summary>A feature vector as it was served, with the request it answered.</summary>
/// <param name="RequestId">The request's id, the key that joins it to the training row computed for the same request.</param>
/// <param name="Entity">The entity.</param>
/// <param name="Time">When it was served.</param>
/// <param name="Vector">The vector.</param>
public sealed record ServedVector(string RequestId, string Entity, DateTimeOffset Time, double[] Vector);
