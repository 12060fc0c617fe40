using System.Text.Json.Serialization;

namespace MlSystems.Registry.PostgreSql;

/// <summary>A version's metadata as stored in its row: source-generated JSON (no reflection), compact, camel-case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelVersionMetadata))]
internal sealed partial class PostgreSqlRegistryJsonContext : JsonSerializerContext
{
}
