using MlSystems.Features.Redis;
using StackExchange.Redis;

namespace MlSystems.Features.Worker;

/// <summary>
/// <c>write &lt;key prefix&gt; &lt;writer&gt; &lt;entities&gt; &lt;rounds&gt;</c>: writes <see cref="ConcurrentWritePlan"/>'s
/// vectors to the Redis store at <c>MLSYSTEMS_REDIS</c> once a line arrives on its input, even rounds as one batch, odd rounds one entity at a time, then
/// prints <c>done</c> and how many writes landed and were ignored.
/// </summary>
internal static class ConcurrentWriter
{
    public static async Task<int> RunAsync(string[] args)
    {
        string prefix = args[0];
        int writer = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        int entities = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        int rounds = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(Environment.GetEnvironmentVariable("MLSYSTEMS_REDIS")!);
        var store = new RedisOnlineFeatureStore(redis, ConcurrentWritePlan.Schema, new RedisOnlineFeatureStoreOptions { KeyPrefix = prefix, BatchSize = 64 });
        // Starts when the test says so, so the writers' rounds overlap rather than follow each other's process start-up.
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync();
        for (int round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                FeatureVectorWrite[] batch = [.. Enumerable.Range(0, entities).Select(e => new FeatureVectorWrite(
                    ConcurrentWritePlan.Entity(e), ConcurrentWritePlan.Start.AddTicks(ConcurrentWritePlan.TicksOf(writer, e, round)), ConcurrentWritePlan.VectorOf(writer, e, round)))];
                await store.WriteManyAsync(batch, new FeatureWriteOutcome[entities]);
            }
            else
            {
                for (int e = 0; e < entities; e++)
                {
                    await store.WriteAsync(ConcurrentWritePlan.Entity(e), ConcurrentWritePlan.Start.AddTicks(ConcurrentWritePlan.TicksOf(writer, e, round)), ConcurrentWritePlan.VectorOf(writer, e, round));
                }
            }
        }

        Console.WriteLine($"done {store.Counters.Writes} {store.Counters.Ignored}");
        return 0;
    }
}
