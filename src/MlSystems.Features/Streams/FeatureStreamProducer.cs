namespace MlSystems.Features;

/// <summary>
/// Publishes events to a feature event stream, each to its entity's partition (<see cref="FeatureStreamPartitioner"/>),
/// keeping the order of each entity's events. Thread-safe.
/// </summary>
/// <typeparam name="TEvent">The event type.</typeparam>
public sealed class FeatureStreamProducer<TEvent>
{
    private readonly FeatureSet<TEvent> features;
    private readonly IFeatureEventLog stream;
    private readonly IFeatureEventCodec<TEvent> codec;

    /// <summary>A producer of <paramref name="features"/>' events.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public FeatureStreamProducer(FeatureSet<TEvent> features, IFeatureEventLog stream, IFeatureEventCodec<TEvent> codec)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(codec);
        (this.features, this.stream, this.codec) = (features, stream, codec);
    }

    /// <summary>Appends the events, one call per partition they fall in.</summary>
    /// <exception cref="ArgumentException">An event names no entity (its index given); nothing was appended.</exception>
    public async ValueTask PublishAsync(IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var byPartition = new List<ReadOnlyMemory<byte>>?[stream.PartitionCount];
        for (int i = 0; i < events.Count; i++)
        {
            string? key = features.EntityKey(events[i]);
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException($"Event {i} has no entity key (feature set '{features.Name}'); nothing was published.", nameof(events));
            }

            (byPartition[FeatureStreamPartitioner.PartitionOf(key, byPartition.Length)] ??= []).Add(codec.Encode(events[i]));
        }

        for (int p = 0; p < byPartition.Length; p++)
        {
            if (byPartition[p] is { } payloads)
            {
                await stream.AppendAsync(p, payloads, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
