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
    ValueTask<string> SaveAsync(string modelName, ReferenceProfile profile, CancellationToken cancellationToken = default);

    /// <summary>Reads the profile behind a link.</summary>
    /// <param name="link">A link from <see cref="SaveAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profile.</returns>
    ValueTask<ReferenceProfile> LoadAsync(string link, CancellationToken cancellationToken = default);
}
