using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MlSystems.Features.Redis;
using MlSystems.Features.Tests.Streams;
using MlSystems.Features.Worker;
using StackExchange.Redis;

namespace MlSystems.Features.Tests.DependencyInjection;

/// <summary>
/// <c>AddFeatures(…).UseRedis(…).UseRedisStreams(…).AddStreamProcessor()</c>: the producer and the hosted processor
/// run on the registered Redis, the processor takes the engine's options, and stopping it hands every partition back.
/// </summary>
public sealed class StreamProcessorDependencyInjectionTests
{
    [SkippableFact]
    public async Task The_hosted_processor_computes_the_stream_into_the_store_and_hands_back_its_partitions_on_stop()
    {
        var harness = new StreamHarness();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddFeatures(StreamPlan.Features, o => o.AllowedLateness = TimeSpan.FromMinutes(5))
            .UseRedis(o => (o.Configuration, o.KeyPrefix) = (RedisServer.Require(), StreamPlan.StoreOptions(harness.Prefix).KeyPrefix))
            .UseRedisStreams(StreamPlan.Codec, o => (o.Configuration, o.KeyPrefix, o.PartitionCount) = (RedisServer.Require(), StreamPlan.StreamOptions(harness.Prefix).KeyPrefix, StreamPlan.Partitions))
            .AddStreamProcessor<StreamEvent>(o => (o.ProcessorId, o.PollInterval, o.CheckpointInterval) = ("hosted", TimeSpan.FromMilliseconds(10), TimeSpan.Zero));
        StreamEvent[] events = StreamPlan.Events(seed: 23, count: 2_000, entities: 300);
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var meters = provider.GetRequiredService<IMeterFactory>();
            using var streamEvents = new MetricCollector<long>(meters, "MlSystems.Features", "mlsystems.features.stream.events");
            using var partitions = new MetricCollector<long>(meters, "MlSystems.Features", "mlsystems.features.stream.partitions");
            using var checkpoints = new MetricCollector<double>(meters, "MlSystems.Features", "mlsystems.features.stream.checkpoint.duration");
            await provider.GetRequiredKeyedService<FeatureStreamProducer<StreamEvent>>(StreamPlan.Features.Name).PublishAsync(events);
            IHostedService hosted = Assert.Single(provider.GetServices<IHostedService>());
            FeatureStreamProcessor<StreamEvent> processor = provider.GetRequiredKeyedService<FeatureStreamProcessor<StreamEvent>>(StreamPlan.Features.Name);
            Assert.Same(processor, hosted);
            await hosted.StartAsync(CancellationToken.None);

            // The hosted loop works on its own: its first events are measured before the test steps anything. Then the
            // test drains the rest by hand (rounds do not overlap), so it waits on no clock.
            await streamEvents.WaitForMeasurementsAsync(1, TimeSpan.FromMinutes(1));
            while (await processor.StepAsync() > 0)
            {
            }

            Assert.Equal(await harness.LastPositionsAsync(), (await harness.CheckpointedAsync()).Positions);

            await hosted.StopAsync(CancellationToken.None);
            Assert.Empty(processor.OwnedPartitions);
            Assert.Equal(StreamPlan.Partitions, processor.Counters.PartitionsReleased);
            Assert.Equal(events.Length, streamEvents.GetMeasurementSnapshot().Where(m => (string?)m.Tags["outcome"] == "ingested").Sum(m => m.Value));
            Assert.Equal(
                [("acquired", (long)StreamPlan.Partitions), ("released", StreamPlan.Partitions)],
                partitions.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["change"]!).Select(g => (g.Key, g.Sum(m => m.Value))).OrderBy(g => g.Key));
            Assert.All(partitions.GetMeasurementSnapshot(), m => Assert.Equal(StreamPlan.Features.Name, m.Tags["feature_set"]));
            Assert.Equal(processor.Counters.Checkpoints, checkpoints.GetMeasurementSnapshot().Count);
        }

        Dictionary<string, long[]> expected = StreamHarness.Replay(events);
        Dictionary<string, long[]?> stored = await harness.StoredAsync([.. expected.Keys]);
        Assert.All(expected, p => Assert.True(stored[p.Key] is { } bits && bits.SequenceEqual(p.Value), p.Key));

        // Nothing is left for a successor to wait out: no lease, no member.
        IDatabase redis = harness.Redis.GetDatabase();
        Assert.Equal(0, await redis.SortedSetLengthAsync($"{harness.Prefix}streams:{{{StreamPlan.Features.Name}}}:members"));
        for (int p = 0; p < StreamPlan.Partitions; p++)
        {
            Assert.False(await redis.KeyExistsAsync($"{harness.Prefix}streams:{{{StreamPlan.Features.Name}:{p}}}:lease"));
        }
    }

    [Fact]
    public void Stream_and_processor_options_that_cannot_work_fail_naming_the_option()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddFeatures(StreamPlan.Features).UseRedisStreams(StreamPlan.Codec).AddStreamProcessor<StreamEvent>(o => o.BatchSize = 0);
        using ServiceProvider provider = services.BuildServiceProvider();
        var noConnection = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IFeatureEventLog>(StreamPlan.Features.Name));
        Assert.Contains("RedisFeatureStreamOptions 'stream-plan': Configuration is not set and no IConnectionMultiplexer is registered", noConnection.Message, StringComparison.Ordinal);
        var batch = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<FeatureStreamProcessorOptions>>().Get(StreamPlan.Features.Name));
        Assert.Contains("FeatureStreamProcessorOptions 'stream-plan': BatchSize must be from 1 to 10,000 (0).", batch.Message, StringComparison.Ordinal);

        var braces = new ServiceCollection();
        braces.AddMetrics();
        braces.AddFeatures(StreamPlan.Features).UseRedisStreams(StreamPlan.Codec, o => (o.Configuration, o.KeyPrefix) = ("localhost:1", "a{b}"));
        using ServiceProvider braced = braces.BuildServiceProvider();
        Assert.Contains("KeyPrefix", Assert.Throws<OptionsValidationException>(() => braced.GetRequiredKeyedService<IPartitionCoordinator>(StreamPlan.Features.Name)).Message, StringComparison.Ordinal);
    }
}
