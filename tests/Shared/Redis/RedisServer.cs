using StackExchange.Redis;

namespace MlSystems.Tests;

/// <summary>
/// The Redis server the tests use, named by <c>MLSYSTEMS_REDIS</c> (host:port; <c>eval "$(eng/start-redis.sh)"</c>
/// starts one and sets it; <c>.ci/run</c> does that). Absent, the tests skip with the reason, except in CI
/// (<c>CI=true</c>), where they fail. Compiled into the test projects that reach the server
/// (<c>&lt;Compile Include="../Shared/Redis/*.cs" /&gt;</c>); they reference StackExchange.Redis and Xunit.SkippableFact.
/// </summary>
internal static class RedisServer
{
    public const string Variable = "MLSYSTEMS_REDIS";

    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(Configuration()));

    public static string? Address { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool InCi { get; } = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SkipReason =>
        $"Skipped: {Variable} is not set, so there is no Redis server to test against. Run eval \"$(eng/start-redis.sh)\" first; in CI (CI=true) these tests fail without it.";

    /// <summary>The server's host:port; skips the running test (fails it in CI) when there is none.</summary>
    public static string Require()
    {
        if (Address is { } address)
        {
            return address;
        }

        if (InCi)
        {
            throw new InvalidOperationException($"{Variable} is not set in CI: .ci/run starts Redis with eng/start-redis.sh and exports it.");
        }

        throw new SkipException(SkipReason);
    }

    /// <summary>One connection shared by the test process (a multiplexer is meant to be shared).</summary>
    public static IConnectionMultiplexer Connect()
    {
        Require();
        return Shared.Value;
    }

    /// <summary>A configuration string for a connection of the test's own (admin commands allowed, for FLUSH-free key inspection).</summary>
    public static string Configuration() => $"{Require()},allowAdmin=true,abortConnect=false";

    /// <summary>A key prefix no other test uses, so tests share the server without seeing each other's keys.</summary>
    public static string FreshPrefix() => $"test:{Guid.NewGuid():N}:";
}
