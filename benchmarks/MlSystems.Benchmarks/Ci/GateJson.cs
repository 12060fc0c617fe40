using System.Text.Json.Serialization;

namespace MlSystems.Benchmarks.Ci;

/// <summary>The floors file's serializer, generated at compile time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(GateFloors))]
[JsonSerializable(typeof(Dictionary<string, double>))]
internal sealed partial class GateJson : JsonSerializerContext;
