namespace MlSystems.Benchmarks.Ci;

/// <summary>
/// The floors the CI benchmark job holds each headline figure to, read from <c>benchmarks/ci-floors.json</c>. Each floor
/// is about half the ratio the benchmarks README claims: generous for a noisy two-core runner, tight enough that a
/// kernel falling back to scalar code, an allocation on a hot path or a first call gone cold fails the build.
/// </summary>
internal sealed class GateFloors
{
    /// <summary>Our call against a peer measured in the same BenchmarkDotNet run: peer median / ours must reach the floor.</summary>
    public required IReadOnlyList<RatioGate> Ratios { get; init; }

    /// <summary>Our call against a peer timed outside .NET (scipy, numpy), by <c>benchmarks/peers/drift_peers.py</c>.</summary>
    public required IReadOnlyList<RatioGate> External { get; init; }

    /// <summary>Bytes a call may allocate.</summary>
    public required IReadOnlyList<AllocationGate> Allocations { get; init; }

    /// <summary>First and second calls in fresh processes against the steady state.</summary>
    public required IReadOnlyList<ColdStartGate> ColdStart { get; init; }
}
