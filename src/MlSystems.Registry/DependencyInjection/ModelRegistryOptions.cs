namespace MlSystems.Registry;

/// <summary>Which store the registry uses. One of the <c>Use…</c> methods must be called; start-up fails otherwise.</summary>
public sealed class ModelRegistryOptions
{
    internal Func<IServiceProvider, IModelRegistryStore>? StoreFactory { get; private set; }


    /// <summary>The file-system store rooted at <paramref name="root"/> (created when absent).</summary>
    /// <param name="root">The directory.</param>
    /// <param name="lockTimeout">How long to wait for a lock; 30 seconds by default.</param>
    /// <returns>These options, for chaining.</returns>
    public ModelRegistryOptions UseFileSystem(string root, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        StoreFactory = _ => new FileSystemModelRegistryStore(root, lockTimeout);
        return this;
    }

    /// <summary>The in-memory store (tests, ephemeral hosts).</summary>
    /// <returns>These options, for chaining.</returns>
    public ModelRegistryOptions UseInMemory()
    {
        StoreFactory = _ => new InMemoryModelRegistryStore();
        return this;
    }

    /// <summary>Another store, built from the service provider.</summary>
    /// <returns>These options, for chaining.</returns>
    public ModelRegistryOptions UseStore(Func<IServiceProvider, IModelRegistryStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        StoreFactory = factory;
        return this;
    }
}
