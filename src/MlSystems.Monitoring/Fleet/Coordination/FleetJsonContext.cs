using System.Text.Json.Serialization;

namespace MlSystems.Monitoring;

/// <summary>The fleet's JSON forms: source-generated, no reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RoutingPlan))]
internal sealed partial class FleetJsonContext : JsonSerializerContext
{
}
