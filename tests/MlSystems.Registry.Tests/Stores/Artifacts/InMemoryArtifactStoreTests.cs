using MlSystems.Registry.Tests.Conformance;

namespace MlSystems.Registry.Tests.Stores.Artifacts;

public sealed class InMemoryArtifactStoreTests : ModelArtifactStoreConformanceTests
{
    protected override IModelArtifactStore CreateArtifacts() => new InMemoryModelRegistryStore().Artifacts;
}
