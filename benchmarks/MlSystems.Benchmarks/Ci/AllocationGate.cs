namespace MlSystems.Benchmarks.Ci;

/// <summary>A call's allocation budget.</summary>
internal sealed class AllocationGate
{
    /// <summary>What the row says.</summary>
    public required string Name { get; init; }

    /// <summary>The benchmark class, by its simple name.</summary>
    public required string Benchmark { get; init; }

    /// <summary>The benchmark method.</summary>
    public required string Method { get; init; }

    /// <summary>Parameter values selecting one case; null when it has none.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>The most bytes allocated per operation that pass.</summary>
    public required long MaximumBytes { get; init; }
}
