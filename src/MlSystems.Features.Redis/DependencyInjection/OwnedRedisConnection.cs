using StackExchange.Redis;

namespace MlSystems.Features.Redis;

/// <summary>A connection <c>UseRedis</c> opened from a configuration string, disposed with the container.</summary>
internal sealed class OwnedRedisConnection(string configuration) : IDisposable
{
    public IConnectionMultiplexer Connection { get; } = ConnectionMultiplexer.Connect(configuration);

    public void Dispose() => Connection.Dispose();
}
