using System.Text.Json.Serialization;

namespace MlSystems.Benchmarks.Features;

/// <summary>The clicks' JSON metadata, source-generated.</summary>
[JsonSerializable(typeof(ClickEvent))]
internal sealed partial class ClickEventJson : JsonSerializerContext;
