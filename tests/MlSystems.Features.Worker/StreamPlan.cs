using System.Text.Json.Serialization;
using MlSystems.Features.Redis;

namespace MlSystems.Features.Worker;

/// <summary>One event of the stream-processing tests.</summary>
public sealed record StreamEvent(string Entity, DateTimeOffset Time, double Amount, string? Country);

/// <summary>The events' JSON metadata, source-generated.</summary>
[JsonSerializable(typeof(StreamEvent))]
internal sealed partial class StreamEventJson : JsonSerializerContext;

/// <summary>
/// What the processor tests and the <c>process</c> worker share: the feature set, its codec, the stream layout, and the
/// events, each entity's in time order and the entities interleaved at random.
/// </summary>
internal static class StreamPlan
{
    public const int Partitions = 8;

    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly FeatureSet<StreamEvent> Features = new FeatureSetBuilder<StreamEvent>("stream-plan", e => e.Entity, e => e.Time)
        .Row("amount", e => e.Amount)
        .Window("count_10m", e => e.Amount, Aggregation.Count, FeatureWindow.Sliding(TimeSpan.FromMinutes(10)))
        .Window("sum_1h", e => e.Amount, Aggregation.Sum, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
        .Window("variance_1h", e => e.Amount, Aggregation.Variance, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
        .Window("max_30m_hopping", e => e.Amount, Aggregation.Max, FeatureWindow.Hopping(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10)))
        .LastValues("last", e => e.Amount, 2)
        .DistinctCount("countries_1h", e => e.Country, FeatureWindow.Tumbling(TimeSpan.FromHours(1)))
        .Build();

    public static readonly IFeatureEventCodec<StreamEvent> Codec = new JsonFeatureEventCodec<StreamEvent>(StreamEventJson.Default.StreamEvent);

    public static RedisFeatureStreamOptions StreamOptions(string prefix) => new() { KeyPrefix = prefix + "streams:", PartitionCount = Partitions };

    public static RedisOnlineFeatureStoreOptions StoreOptions(string prefix) => new() { KeyPrefix = prefix + "features:" };

    /// <summary>
    /// <paramref name="count"/> events over <paramref name="entities"/> entities, interleaved at random: an entity's
    /// events mostly move its clock forward, a fifth land at the same instant as its previous one, and a tenth arrive late
    /// (up to two minutes behind its newest, within the default five-minute lateness).
    /// </summary>
    public static StreamEvent[] Events(int seed, int count, int entities)
    {
        var random = new Random(seed);
        var clocks = new DateTimeOffset[entities];
        clocks.AsSpan().Fill(Start);
        var events = new StreamEvent[count];
        string[] countries = ["FR", "DE", "ES", "IT"];
        for (int i = 0; i < count; i++)
        {
            int entity = random.Next(entities);
            DateTimeOffset time = random.Next(10) switch
            {
                < 2 => clocks[entity],
                2 => clocks[entity].AddSeconds(-random.Next(1, 120)),
                _ => clocks[entity] = clocks[entity].AddSeconds(random.Next(1, 300)),
            };
            events[i] = new StreamEvent($"entity-{entity}", time, Math.Round(random.NextDouble() * 1000, 2) + (1e6 * (entity % 3)), random.Next(5) == 0 ? null : countries[random.Next(countries.Length)]);
        }

        return events;
    }
}
