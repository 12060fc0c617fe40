namespace MlSystems.Features.Redis;

/// <summary>
/// The fenced read of a partition: the lease check, the claim of what an earlier holder was delivered but never
/// acknowledged, and the read of what no one was delivered yet, in one script, so a holder that lost its lease cannot
/// take entries between a successor's claim and its read (which would leave a gap the successor reads past).
/// </summary>
internal static class StreamReadScript
{
    /// <summary>The error a refused read answers with.</summary>
    public const string Fenced = "MLFS_FENCED";

    /// <summary>
    /// KEYS: lease, stream. ARGV: lease value, group, consumer, first id to claim (inclusive), count. Returns the entries
    /// in id order: pending entries from the first id on (claimed to this consumer whatever their idle time, since only
    /// the lease holder reads), then, when no pending entry remains after them, entries never delivered (XREADGROUP
    /// <c>&gt;</c>). Every pending entry precedes every undelivered one, so the order is the stream's. Creates the
    /// group at the stream's start on first use. Entries trimmed while pending are left out (Redis 7.0 drops them from
    /// the pending list as it claims); a false entry (6.2 answers so) is skipped.
    /// </summary>
    public const string Source = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return redis.error_reply('MLFS_FENCED')
        end
        pcall(redis.call, 'XGROUP', 'CREATE', KEYS[2], ARGV[2], '0', 'MKSTREAM')
        local count = tonumber(ARGV[5])
        local claimed = redis.call('XAUTOCLAIM', KEYS[2], ARGV[2], ARGV[3], 0, ARGV[4], 'COUNT', count)
        local out = {}
        for _, entry in ipairs(claimed[2]) do
          if entry then
            out[#out + 1] = entry
          end
        end
        if claimed[1] == '0-0' and #out < count then
          local fresh = redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', count - #out, 'STREAMS', KEYS[2], '>')
          if fresh then
            for _, entry in ipairs(fresh[1][2]) do
              out[#out + 1] = entry
            end
          end
        end
        return out
        """;
}
