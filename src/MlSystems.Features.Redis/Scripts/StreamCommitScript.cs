namespace MlSystems.Features.Redis;

/// <summary>The commit of what a checkpoint covers, in one script: acknowledgement, trimming and the removal of spent consumers.</summary>
internal static class StreamCommitScript
{
    /// <summary>
    /// KEYS: stream. ARGV: group, last id covered (inclusive), '1' to trim, the committing consumer. Acknowledges every
    /// pending entry up to the id, whoever it was delivered to (a holder killed between its checkpoint and its commit
    /// leaves some), trims up to it when asked (MINID keeps the entry at the id itself, which reads after it never
    /// return), and deletes the group's other consumers that hold nothing pending, so consumers of past runs do not
    /// pile up. Creates the group at the stream's start if no read has yet. Returns how many entries were acknowledged.
    /// </summary>
    public const string Source = """
        pcall(redis.call, 'XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
        local acknowledged = 0
        while true do
          local pending = redis.call('XPENDING', KEYS[1], ARGV[1], '-', ARGV[2], 1000)
          if #pending == 0 then
            break
          end
          local ids = {}
          for i, entry in ipairs(pending) do
            ids[i] = entry[1]
          end
          acknowledged = acknowledged + redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
        end
        if ARGV[3] == '1' then
          redis.call('XTRIM', KEYS[1], 'MINID', ARGV[2])
        end
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local name, held
          for k = 1, #consumer, 2 do
            if consumer[k] == 'name' then
              name = consumer[k + 1]
            elseif consumer[k] == 'pending' then
              held = consumer[k + 1]
            end
          end
          if name ~= ARGV[4] and held == 0 then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
          end
        end
        return acknowledged
        """;
}
