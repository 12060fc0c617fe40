using MlSystems.Monitoring.Tests.Fleet.Conformance;

namespace MlSystems.Monitoring.Tests.Fleet.Stores;

public sealed class InMemoryFleetStoreTests : FleetStoreConformanceTests
{
    protected override IFleetStore CreateStore(TimeProvider time) => new InMemoryFleetStore(time);
}
