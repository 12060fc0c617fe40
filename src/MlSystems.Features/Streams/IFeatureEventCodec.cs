namespace MlSystems.Features;

/// <summary>How events are written to and read from a feature event stream; the producer and every processor use the same one.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
public interface IFeatureEventCodec<TEvent>
{
    /// <summary>The event's bytes.</summary>
    byte[] Encode(TEvent e);

    /// <summary>The event the bytes encode.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an event.</exception>
    TEvent Decode(ReadOnlySpan<byte> payload);
}
