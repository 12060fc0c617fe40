using System.Globalization;
using MlSystems.Features.Redis;
using StackExchange.Redis;

namespace MlSystems.Features.Worker;

/// <summary>
/// <c>process &lt;key prefix&gt; &lt;processor id&gt; [crash after N store writes]</c>: runs a
/// <see cref="FeatureStreamProcessor{TEvent}"/> of <see cref="StreamPlan"/> against the Redis at <c>MLSYSTEMS_REDIS</c>
/// until killed, printing <c>owns</c> and its partitions whenever they change, and <c>checkpointed</c> whenever a
/// checkpoint lands. With a crash count it kills itself
/// (SIGKILL) right after its Nth batch of vectors reached the store, before the checkpoint that would cover them: the
/// worst moment for exactly-once.
/// </summary>
internal static class StreamProcessorRole
{
    public static async Task<int> RunAsync(string[] args)
    {
        string prefix = args[0];
        string id = args[1];
        int crashAfter = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : int.MaxValue;
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(Environment.GetEnvironmentVariable("MLSYSTEMS_REDIS")!);
        var store = new CrashingStore(new RedisOnlineFeatureStore(redis, StreamPlan.Features.Schema, StreamPlan.StoreOptions(prefix)), crashAfter);
        var processor = new FeatureStreamProcessor<StreamEvent>(
            StreamPlan.Features,
            new RedisFeatureEventLog(redis, StreamPlan.Features.Name, StreamPlan.StreamOptions(prefix)),
            new RedisPartitionCoordinator(redis, StreamPlan.Features.Name, StreamPlan.StreamOptions(prefix)),
            store,
            StreamPlan.Codec,
            new FeatureStreamProcessorOptions
            {
                ProcessorId = id,
                LeaseDuration = TimeSpan.FromSeconds(2),
                BatchSize = 64,
                CheckpointInterval = TimeSpan.FromMilliseconds(150),
                PollInterval = TimeSpan.FromMilliseconds(20),
            });

        string owned = "";
        long checkpoints = 0;
        while (true)
        {
            int ingested = await processor.StepAsync();
            string now = string.Join(',', processor.OwnedPartitions);
            if (now != owned)
            {
                Console.WriteLine($"owns {now}");
                owned = now;
            }

            if (processor.Counters.Checkpoints != checkpoints)
            {
                checkpoints = processor.Counters.Checkpoints;
                Console.WriteLine($"checkpointed {checkpoints}");
            }

            if (ingested == 0)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>The store, killing this process right after the Nth batch of writes has landed.</summary>
    private sealed class CrashingStore(IOnlineFeatureStore inner, int crashAfter) : IOnlineFeatureStore
    {
        private int batches;

        public int Width => inner.Width;

        public ValueTask<FeatureWriteOutcome> WriteAsync(string entity, DateTimeOffset eventTime, ReadOnlyMemory<double> vector, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(entity, eventTime, vector, cancellationToken);

        public async ValueTask WriteManyAsync(IReadOnlyList<FeatureVectorWrite> writes, Memory<FeatureWriteOutcome> outcomes, CancellationToken cancellationToken = default)
        {
            await inner.WriteManyAsync(writes, outcomes, cancellationToken);
            if (++batches == crashAfter)
            {
                Console.WriteLine("crashing");
                System.Diagnostics.Process.GetCurrentProcess().Kill();
            }
        }

        public ValueTask<FeatureReadStatus> ReadAsync(string entity, Memory<double> destination, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(entity, destination, now, maxAge, cancellationToken);

        public ValueTask ReadManyAsync(IReadOnlyList<string> entities, Memory<double> destination, Memory<FeatureReadStatus> statuses, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default) =>
            inner.ReadManyAsync(entities, destination, statuses, now, maxAge, cancellationToken);
    }
}
