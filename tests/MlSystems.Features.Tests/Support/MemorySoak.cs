namespace MlSystems.Features.Tests.Support;

/// <summary>
/// The test classes whose soak tests weigh the managed heap. <see cref="GC.GetTotalMemory(bool)"/> counts the whole
/// process, so they run alone, after the parallel collections: with other classes running beside them the figure moved
/// by more than the engine held (a CI run read 31.6 MB after a million entities and 48.2 MB after ten, while the engine
/// had not grown).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemorySoak
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "Memory soak";
}
