namespace MlSystems.Benchmarks.Features;

/// <summary>A click of the stream throughput run.</summary>
public sealed record ClickEvent(string User, DateTimeOffset Time, double Amount);
