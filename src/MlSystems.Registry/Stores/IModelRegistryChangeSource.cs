namespace MlSystems.Registry;

/// <summary>
/// Implemented by a store that several processes share and that can report what the others change, so that
/// <see cref="IModelRegistry.Changes"/> of a <see cref="ModelRegistry"/> over it covers every host, not only its own calls:
/// a serving pool on one host then follows an alias moved on another.
/// </summary>
/// <remarks>
/// A <see cref="ModelRegistry"/> starts watching when its first change subscriber arrives and stops when the last leaves.
/// Changes made through the watching store instance itself are not reported: the registry that made them already has.
/// </remarks>
public interface IModelRegistryChangeSource
{
    /// <summary>
    /// Starts calling <paramref name="changed"/> with every change committed through another instance of the store, one
    /// call at a time and in commit order, until the returned handle is disposed. A change committed after this method
    /// returns is never missed, including across a lost connection (the source catches up when it reconnects); a change
    /// committed before it is not reported.
    /// </summary>
    /// <param name="changed">Called on a background thread; an exception it throws is the caller's to log, and does not stop the watch.</param>
    /// <returns>Disposing it stops the calls; after it returns no further call starts.</returns>
    IDisposable WatchOtherWriters(Action<RegistryChange> changed);
}
