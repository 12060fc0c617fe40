using MlSystems.Drift;

namespace MlSystems.Monitoring;

/// <summary>Where reference profiles live; a version's lineage holds the link <see cref="SaveAsync"/> returned.</summary>
public interface IReferenceProfileStore
{
    /// <summary>Stores a profile and returns its link.</summary>
    /// <param name="modelName">The model the profile belongs to.</param>
    /// <param name="profile">The profile.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The link to record in <see cref="Registry.ModelLineage.ReferenceProfile"/>.</returns>
    /// <exception cref="ArgumentException">The model name is empty.</exception>
    /// <exception cref="IOException">The profile could not be stored.</exception>
    ValueTask<string> SaveAsync(string modelName, ReferenceProfile profile, CancellationToken cancellationToken = default);

    /// <summary>Reads the profile behind a link.</summary>
    /// <param name="link">A link from <see cref="SaveAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profile.</returns>
    /// <remarks>The monitor treats these exceptions as "this version's profile is unusable" and reports the champion
    /// unhealthy; any other exception fails the check.</remarks>
    /// <exception cref="ArgumentException">The link is malformed or leaves the store, or the stored content is not a valid profile.</exception>
    /// <exception cref="IOException">The profile is missing (<see cref="FileNotFoundException"/>) or cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The store may not be read.</exception>
    ValueTask<ReferenceProfile> LoadAsync(string link, CancellationToken cancellationToken = default);
}
