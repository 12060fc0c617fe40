namespace MlSystems.Benchmarks.Ci;

/// <summary>One ratio the job checks.</summary>
internal sealed class RatioGate
{
    /// <summary>What the row says, e.g. "sort vs Array.Sort".</summary>
    public required string Name { get; init; }

    /// <summary>The benchmark class, by its simple name.</summary>
    public required string Benchmark { get; init; }

    /// <summary>Our benchmark method.</summary>
    public required string Ours { get; init; }

    /// <summary>The peer's benchmark method, or for <see cref="GateFloors.External"/> its name in the peers' JSON.</summary>
    public required string Peer { get; init; }

    /// <summary>Parameter values selecting one case of a parameterised benchmark; null when it has none.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>The least peer / ours ratio that passes.</summary>
    public required double Floor { get; init; }

    /// <summary>The ratio the benchmarks README claims, for the summary.</summary>
    public required double Claimed { get; init; }
}
