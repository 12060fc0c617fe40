using System.Text.Json.Serialization;

namespace MlSystems.Rollout;

/// <summary>The canary outcome as evidence JSON: source-generated, no reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CanaryOutcome))]
internal sealed partial class CanaryJsonContext : JsonSerializerContext
{
}
