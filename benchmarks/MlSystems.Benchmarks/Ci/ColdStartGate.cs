namespace MlSystems.Benchmarks.Ci;

/// <summary>A cold-start scenario of <c>--cold-start</c> and its ceilings.</summary>
internal sealed class ColdStartGate
{
    /// <summary>What the row says.</summary>
    public required string Name { get; init; }

    /// <summary>The scenario, as <c>--cold-start</c> takes it.</summary>
    public required string Scenario { get; init; }

    /// <summary>The most the first call may take, in steady-state calls.</summary>
    public required double MaximumFirst { get; init; }

    /// <summary>The most the second call may take, in steady-state calls.</summary>
    public required double MaximumSecond { get; init; }

    /// <summary>The first-call ratio the benchmarks README claims.</summary>
    public required double Claimed { get; init; }
}
