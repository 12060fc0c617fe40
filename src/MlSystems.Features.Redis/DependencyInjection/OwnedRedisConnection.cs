using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>A connection <c>UseRedis</c> opened from a configuration string, disposed with the container.</summary>
internal sealed class OwnedRedisConnection(string configuration) : IDisposable
{
    // Not aborting on a failed first connect: a store resolved while Redis is down reconnects on its own, and its calls
    // fail with StackExchange.Redis's exceptions meanwhile, rather than the resolution throwing.
    public IConnectionMultiplexer Connection { get; } = ConnectionMultiplexer.Connect(NoAbort(configuration));

    private static ConfigurationOptions NoAbort(string configuration)
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        return options;
    }

    public void Dispose() => Connection.Dispose();
}
