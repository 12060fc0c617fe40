using MlSystems.Registry.Tests.Conformance;

namespace MlSystems.Registry.Tests.Stores.InMemory;

public sealed class InMemoryStoreTests : ModelRegistryStoreConformanceTests
{
    protected override IModelRegistryStore CreateStore() => new InMemoryModelRegistryStore();

    protected override void Corrupt(string digest, byte[] bytes) => ((InMemoryModelRegistryStore)Store).Corrupt(digest, bytes);
}
