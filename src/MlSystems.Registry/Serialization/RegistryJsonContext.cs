using System.Text.Json.Serialization;

namespace MlSystems.Registry;

/// <summary>The file store's JSON: source-generated (no reflection, no type names in the data), indented for people reading the directory.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelRecord))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext
{
}
