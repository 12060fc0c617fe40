using StackExchange.Redis;

namespace MlSystems.Tests;

/// <summary>
/// The Redis server the tests use, named by <c>MLSYSTEMS_REDIS</c> (host:port; <c>eval "$(eng/start-redis.sh)"</c>
/// starts one and sets it; <c>.ci/run</c> does that). Absent, the tests skip with the reason, except in CI
/// (<c>CI=true</c>), where they fail. Compiled into the test projects that reach the server
/// (<c>&lt;Compile Include="../Shared/Redis/*.cs" /&gt;</c>, with <c>../Shared/Servers/*.cs</c>); they reference StackExchange.Redis and Xunit.SkippableFact.
/// </summary>
internal static class RedisServer
{
    public const string Variable = "MLSYSTEMS_REDIS";

    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(Configuration()));

    public static string? Address { get; } = TestServer.Read(Variable);

    /// <summary>The server's host:port; skips the running test (fails it in CI) when there is none.</summary>
    public static string Require() => TestServer.Require(Address, Variable, "Redis", "eng/start-redis.sh");

    /// <summary>One connection shared by the test process (a multiplexer is meant to be shared).</summary>
    public static IConnectionMultiplexer Connect()
    {
        Require();
        return Shared.Value;
    }

    /// <summary>A configuration string for a connection of the test's own.</summary>
    public static string Configuration() => $"{Require()},abortConnect=false";

    /// <summary>A key prefix no other test uses, so tests share the server without seeing each other's keys.</summary>
    public static string FreshPrefix() => $"test:{Guid.NewGuid():N}:";
}
