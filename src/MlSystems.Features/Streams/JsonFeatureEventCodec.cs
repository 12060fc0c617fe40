using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MlSystems.Features;

/// <summary>Events as UTF-8 JSON through System.Text.Json metadata (source-generated, so it trims and needs no reflection).</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
public sealed class JsonFeatureEventCodec<TEvent> : IFeatureEventCodec<TEvent>
{
    private readonly JsonTypeInfo<TEvent> typeInfo;

    /// <summary>A codec using the given metadata, typically <c>MyJsonContext.Default.MyEvent</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public JsonFeatureEventCodec(JsonTypeInfo<TEvent> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        this.typeInfo = typeInfo;
    }

    /// <inheritdoc />
    public byte[] Encode(TEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, typeInfo);

    /// <inheritdoc />
    public TEvent Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, typeInfo) ?? throw new InvalidDataException("A feature stream event is JSON null.");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"A feature stream event is not valid JSON for {typeof(TEvent).Name}: {error.Message}", error);
        }
    }
}
