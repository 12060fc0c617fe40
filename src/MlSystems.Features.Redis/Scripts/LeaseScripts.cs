namespace MlSystems.Features.Redis;

/// <summary>
/// The Lua scripts behind <see cref="RedisPartitionCoordinator"/>. A lease is the string <c>token|owner</c> with a
/// server-side expiry; the token comes from the partition's fence counter, so it rises with every acquisition, and a
/// renewal, release or checkpoint goes through only while the lease still holds exactly that string. Times are the
/// server's (TIME, PX), so hosts' clocks never decide who owns what.
/// </summary>
internal static class LeaseScripts
{
    /// <summary>KEYS: members. ARGV: member, time to live (ms). Drops expired members, refreshes this one, returns all.</summary>
    public const string Heartbeat = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        return redis.call('ZRANGE', KEYS[1], 0, -1)
        """;

    /// <summary>
    /// KEYS: lease, fence. ARGV: owner, duration (ms). Returns the new token, or −1 when another owner holds the lease. An
    /// owner taking its own lease again gets a new token too, which fences any earlier run under the same id.
    /// </summary>
    public const string Acquire = """
        local held = redis.call('GET', KEYS[1])
        if held then
          local bar = string.find(held, '|', 1, true)
          if string.sub(held, bar + 1) ~= ARGV[1] then
            return -1
          end
        end
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], token .. '|' .. ARGV[1], 'PX', ARGV[2])
        return token
        """;

    /// <summary>KEYS: lease. ARGV: lease value, duration (ms). 1 when extended, 0 when the lease is no longer this one.</summary>
    public const string Renew = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return 0
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    /// <summary>KEYS: lease. ARGV: lease value. Deletes the lease if it is still this one.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <summary>KEYS: lease, checkpoint. ARGV: lease value, checkpoint bytes, duration (ms). 1 when written (and the lease extended), 0 when fenced off.</summary>
    public const string Checkpoint = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return 0
        end
        redis.call('SET', KEYS[2], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;
}
