using MlSystems.Registry.Tests.Conformance;

namespace MlSystems.Registry.Tests.Stores.Artifacts;

public sealed class FileSystemArtifactStoreTests : ModelArtifactStoreConformanceTests
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "mlsystems-artifacts-" + Guid.NewGuid().ToString("N"));

    protected override IModelArtifactStore CreateArtifacts() => new FileSystemArtifactStore(root);

    public override void Dispose()
    {
        base.Dispose();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
